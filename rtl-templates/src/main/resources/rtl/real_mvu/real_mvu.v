// real_mvu: the integer multiply-accumulate unit of a real-valued convolution (the stem on uint8 pixels,
// the 1x1 shortcut convolutions on the feature stream), PE x SIMD folded.
//
// Function  per output pixel and output channel o (golden model: RealConvLayer.apply):
//             acc = sum over the window's beats b and lanes j of w[o][b][j] * x[b][j] * tap_valid[b]
//                   + bias[o][class]                                            (exact, ACC_WIDTH bits)
//             out = saturate_STREAM_WIDTH((acc + 2^(shift-1)) >>> shift)  (shift = 0: acc itself)
//           x is an IN_WIDTH-bit lane, unsigned when IN_SIGNED = 0 (the stem's pixels), two's complement
//           when IN_SIGNED = 1 (the stream); w is a WEIGHT_WIDTH-bit two's complement weight.
//           class = rowClass(oy)*COL_CLASSES + colClass(ox), from the block's own pixel counters.
// Input     per output pixel in raster order, BEATS = TAPS*CHANNELS/SIMD beats in the order ky (outer), kx,
//           channel fold f (inner); s_axis_window_tdata = {tap_valid, SIMD lanes}, channel f*SIMD + j in
//           lane j = bits [j*IN_WIDTH +: IN_WIDTH]; a padded tap has tap_valid = 0 (and lanes 0; its lanes
//           are ignored). Images follow each other without a gap.
// Output    per output pixel OUT_GROUPS = OUT_CHANNELS/LANES beats, beat k carrying channels
//           k*LANES .. k*LANES+LANES-1, lane i in m_axis_values_tdata[i*STREAM_WIDTH +: STREAM_WIDTH], two's
//           complement.
// Schedule  Fill: the window's beats are accepted one per cycle, written to the window buffer and, as
//           they arrive, multiplied by the weights of output fold 0. Replay: output folds
//           1 .. OUT_FOLDS-1 read the buffer, one beat per cycle. The fold's last beat needs GROUPS
//           credits (free places in the output FIFO, counting results still in the pipeline).
// Sharing   a fold's PE sums leave LANES at a time (mvu_drain), GROUPS = PE/LANES groups on consecutive
//           cycles, through LANES bias/rounding stages; GROUPS <= BEATS.
// Pipeline  issue; 1: lanes and weights registered; 2: PE*SIMD products registered; 3: the products'
//           sum accumulated per PE in DOT_WIDTH bits; d1: a group's sums and biases (bias ROM) registered; d2: bias added;
//           rounding shift and saturation into the output axis_fifo.
// Latency   6 cycles from the issue of a fold's last beat to its first output beat being valid; group k
//           of the fold follows k cycles later.
// Rate      without stalls OUT_FOLDS*BEATS cycles per output pixel (BEATS of them accepting input);
//           a run of P pixels lasts P*OUT_FOLDS*BEATS + 5 + GROUPS cycles from first input to last output.
// Widths    a product takes PROD_WIDTH = WEIGHT_WIDTH + IN_WIDTH (+1 for unsigned lanes) bits, the sum of
//           the TAPS*CHANNELS products PROD_WIDTH + clog2(TAPS*CHANNELS) bits; ACC_WIDTH must hold that
//           sum and a BIAS_WIDTH-bit bias: ACC_WIDTH >= max(that, BIAS_WIDTH) + 1.
// ROMs      ($readmemh) WEIGHT_FILE: OUT_FOLDS*BEATS words of PE*SIMD*WEIGHT_WIDTH bits, word g*BEATS + b
//           holding in lane i*SIMD + j the weight of output channel g*PE + i for lane j of input beat b;
//           BIAS_FILE: OUT_GROUPS*CLASSES words of LANES*BIAS_WIDTH bits, word k*CLASSES + class, channel
//           k*LANES + i in lane i;
//           SHIFT_FILE: one 6-bit word; ROW_CLASS_FILE: OUT_HEIGHT words rowClass*COL_CLASSES,
//           COL_CLASS_FILE: OUT_WIDTH words colClass (BIAS_ADDR_WIDTH bits each).
// Reset     ap_rst_n, active low, synchronous; the pixel counters restart at (0, 0).
`timescale 1ns / 1ps
`default_nettype none

module real_mvu #(
    parameter integer CHANNELS       = 1,   // input channels C, >= 1
    parameter integer OUT_CHANNELS   = 1,   // output channels O, >= 1
    parameter integer TAPS           = 1,   // kernel taps K*K, >= 1
    parameter integer SIMD           = 1,   // input channels per beat, divides CHANNELS
    parameter integer PE             = 1,   // output channels accumulated in parallel, divides OUT_CHANNELS
    parameter integer LANES          = 1,   // output channels per output beat (output stages), divides PE
    parameter integer IN_WIDTH       = 8,   // bits of one input lane, 1..32
    parameter integer IN_SIGNED      = 0,   // 1: input lanes are two's complement, 0: unsigned
    parameter integer STREAM_WIDTH   = 8,   // bits of one signed output value, 2..31
    parameter integer WEIGHT_WIDTH   = 24,  // bits of a signed weight, 2..32
    parameter integer BIAS_WIDTH     = 48,  // bits of a signed bias, 2..64
    parameter integer ACC_WIDTH      = 64,  // bits of the signed accumulator (see Widths)
    parameter integer OUT_HEIGHT     = 1,   // output rows, >= 1
    parameter integer OUT_WIDTH      = 1,   // output columns, >= 1
    parameter integer ROW_CLASSES    = 1,   // border classes of the rows, 1..OUT_HEIGHT
    parameter integer COL_CLASSES    = 1,   // border classes of the columns, 1..OUT_WIDTH
    parameter         WEIGHT_FILE    = "",  // weight ROM image
    parameter         BIAS_FILE      = "",  // bias ROM image
    parameter         SHIFT_FILE     = "",  // shift image, one word
    parameter         ROW_CLASS_FILE = "",  // row class table image
    parameter         COL_CLASS_FILE = "",  // column class table image
    // Read by synthesis only, in the ram_style/rom_style attributes of the memories.
    /* verilator lint_off UNUSEDPARAM */
    parameter         WEIGHT_STYLE = "logic",  // rom_style of the weight ROM: "logic" or "block"
    parameter         BIAS_STYLE = "logic",  // rom_style of the bias ROM
    parameter         WINDOW_STYLE = "distributed",  // ram_style of the window buffer: "distributed", "block" or "logic"
    parameter         FIFO_STYLE = "distributed"   // ram_style of the output FIFO
    /* verilator lint_on UNUSEDPARAM */
) (
    input  wire                           ap_clk,
    input  wire                           ap_rst_n,
    input  wire [SIMD*IN_WIDTH:0]         s_axis_window_tdata,
    input  wire                           s_axis_window_tvalid,
    output wire                           s_axis_window_tready,
    output wire [LANES*STREAM_WIDTH-1:0]  m_axis_values_tdata,
    output wire                           m_axis_values_tvalid,
    input  wire                           m_axis_values_tready
);
    // Beats per pixel on the input, output folds, border classes.
    localparam integer BEATS = TAPS * (CHANNELS / SIMD);
    localparam integer OUT_FOLDS = OUT_CHANNELS / PE;
    // Output beats per fold and per pixel.
    localparam integer GROUPS = PE / LANES;
    localparam integer OUT_GROUPS = OUT_CHANNELS / LANES;
    localparam integer OUT_GROUP_WIDTH = OUT_GROUPS > 1 ? $clog2(OUT_GROUPS) : 1;
    localparam integer CLASSES = ROW_CLASSES * COL_CLASSES;
    localparam integer WEIGHT_WORDS = OUT_FOLDS * BEATS;
    localparam integer BIAS_WORDS = OUT_GROUPS * CLASSES;
    localparam integer LANES_WIDTH = SIMD * IN_WIDTH;
    // A lane as a signed multiplier operand: an unsigned lane gets a zero sign bit.
    localparam integer X_WIDTH = IN_SIGNED != 0 ? IN_WIDTH : IN_WIDTH + 1;
    localparam integer PROD_WIDTH = WEIGHT_WIDTH + X_WIDTH;
    // The exact sum of all TAPS*CHANNELS products of a window, and that sum plus a bias.
    localparam integer DOT_WIDTH = PROD_WIDTH + $clog2(TAPS * CHANNELS);
    localparam integer MIN_ACC_WIDTH = (DOT_WIDTH > BIAS_WIDTH ? DOT_WIDTH : BIAS_WIDTH) + 1;
    localparam integer SHIFT_WIDTH = 6;
    // Results the output FIFO holds; the credits keep the pipeline from overrunning it. A fold needs GROUPS
    // places; 7 more cover the results still in the pipeline when the next fold ends, at full rate.
    localparam integer OUT_DEPTH = GROUPS + 7;
    localparam integer CREDIT_WIDTH = $clog2(OUT_DEPTH + GROUPS + 1) + 1;
    localparam integer BEAT_WIDTH = BEATS > 1 ? $clog2(BEATS) : 1;
    localparam integer FOLD_WIDTH = OUT_FOLDS > 1 ? $clog2(OUT_FOLDS) : 1;
    localparam integer WADDR_WIDTH = WEIGHT_WORDS > 1 ? $clog2(WEIGHT_WORDS) : 1;
    localparam integer BIAS_ADDR_WIDTH = BIAS_WORDS > 1 ? $clog2(BIAS_WORDS) : 1;
    localparam integer Y_WIDTH = OUT_HEIGHT > 1 ? $clog2(OUT_HEIGHT) : 1;
    localparam integer X_COUNT_WIDTH = OUT_WIDTH > 1 ? $clog2(OUT_WIDTH) : 1;

    generate
        if (CHANNELS < 1 || OUT_CHANNELS < 1 || TAPS < 1 || SIMD < 1 || CHANNELS % SIMD != 0 || PE < 1
                || OUT_CHANNELS % PE != 0 || LANES < 1 || PE % LANES != 0 || GROUPS > BEATS || IN_WIDTH < 1 || IN_WIDTH > 32 || IN_SIGNED < 0 || IN_SIGNED > 1
                || STREAM_WIDTH < 2 || STREAM_WIDTH > 31 || WEIGHT_WIDTH < 2 || WEIGHT_WIDTH > 32 || BIAS_WIDTH < 2
                || BIAS_WIDTH > 64 || ACC_WIDTH < MIN_ACC_WIDTH || OUT_HEIGHT < 1 || OUT_WIDTH < 1 || ROW_CLASSES < 1
                || ROW_CLASSES > OUT_HEIGHT || COL_CLASSES < 1 || COL_CLASSES > OUT_WIDTH) begin : g_illegal_parameters
`ifdef __ICARUS__
            // Icarus 11 has no elaboration-time $error: stop at time 0 instead.
            initial $fatal(1, "real_mvu: illegal parameters CHANNELS = %0d, SIMD = %0d, OUT_CHANNELS = %0d, PE = %0d, LANES = %0d, TAPS = %0d, IN_WIDTH = %0d, IN_SIGNED = %0d, STREAM_WIDTH = %0d, WEIGHT_WIDTH = %0d, BIAS_WIDTH = %0d, ACC_WIDTH = %0d, OUT_HEIGHT = %0d, OUT_WIDTH = %0d, ROW_CLASSES = %0d, COL_CLASSES = %0d (need SIMD | CHANNELS, PE | OUT_CHANNELS, LANES | PE, PE/LANES <= TAPS*CHANNELS/SIMD, IN_WIDTH 1..32, IN_SIGNED 0..1, STREAM_WIDTH 2..31, WEIGHT_WIDTH 2..32, BIAS_WIDTH 2..64, ACC_WIDTH >= %0d)",
                           CHANNELS, SIMD, OUT_CHANNELS, PE, LANES, TAPS, IN_WIDTH, IN_SIGNED, STREAM_WIDTH, WEIGHT_WIDTH, BIAS_WIDTH, ACC_WIDTH, OUT_HEIGHT, OUT_WIDTH, ROW_CLASSES, COL_CLASSES, MIN_ACC_WIDTH);
`else
            $error("real_mvu: illegal parameters CHANNELS = %0d, SIMD = %0d, OUT_CHANNELS = %0d, PE = %0d, LANES = %0d, TAPS = %0d, IN_WIDTH = %0d, IN_SIGNED = %0d, STREAM_WIDTH = %0d, WEIGHT_WIDTH = %0d, BIAS_WIDTH = %0d, ACC_WIDTH = %0d, OUT_HEIGHT = %0d, OUT_WIDTH = %0d, ROW_CLASSES = %0d, COL_CLASSES = %0d (need SIMD | CHANNELS, PE | OUT_CHANNELS, LANES | PE, PE/LANES <= TAPS*CHANNELS/SIMD, IN_WIDTH 1..32, IN_SIGNED 0..1, STREAM_WIDTH 2..31, WEIGHT_WIDTH 2..32, BIAS_WIDTH 2..64, ACC_WIDTH >= %0d)",
                   CHANNELS, SIMD, OUT_CHANNELS, PE, LANES, TAPS, IN_WIDTH, IN_SIGNED, STREAM_WIDTH, WEIGHT_WIDTH, BIAS_WIDTH, ACC_WIDTH, OUT_HEIGHT, OUT_WIDTH, ROW_CLASSES, COL_CLASSES, MIN_ACC_WIDTH);
`endif
        end
    endgenerate

    (* rom_style = WEIGHT_STYLE *) reg [PE*SIMD*WEIGHT_WIDTH-1:0] weight_rom    [0:WEIGHT_WORDS-1];
    (* rom_style = BIAS_STYLE *) reg [LANES*BIAS_WIDTH-1:0]     bias_rom      [0:BIAS_WORDS-1];
    (* rom_style = "logic" *) reg [SHIFT_WIDTH-1:0]          shift_rom     [0:0];
    (* rom_style = "logic" *) reg [BIAS_ADDR_WIDTH-1:0]      row_class_rom [0:OUT_HEIGHT-1];
    (* rom_style = "logic" *) reg [BIAS_ADDR_WIDTH-1:0]      col_class_rom [0:OUT_WIDTH-1];
    initial begin
        $readmemh(WEIGHT_FILE, weight_rom);
        $readmemh(BIAS_FILE, bias_rom);
        $readmemh(SHIFT_FILE, shift_rom);
        $readmemh(ROW_CLASS_FILE, row_class_rom);
        $readmemh(COL_CLASS_FILE, col_class_rom);
    end

    // The current window's beats, reused by every output fold after the first.
    (* ram_style = WINDOW_STYLE *) reg [LANES_WIDTH:0] window [0:BEATS-1];

    // ---- Issue: one (fold, beat) per cycle, from the input while filling, from the buffer in replay.
    reg                       in_ready;
    reg                       replay;
    reg [BEAT_WIDTH-1:0]      beat;
    reg [FOLD_WIDTH-1:0]      fold;
    reg [WADDR_WIDTH-1:0]     waddr;
    reg [Y_WIDTH-1:0]         oy;
    reg [X_COUNT_WIDTH-1:0]   ox;
    reg [CREDIT_WIDTH-1:0]    queued;      // results in the output FIFO
    reg [CREDIT_WIDTH-1:0]    pending;     // results issued, not yet in the output FIFO

    wire [BEAT_WIDTH-1:0]      last_beat = BEATS[BEAT_WIDTH-1:0] - 1'b1;
    wire [FOLD_WIDTH-1:0]      last_fold = OUT_FOLDS[FOLD_WIDTH-1:0] - 1'b1;
    wire [Y_WIDTH-1:0]         last_row = OUT_HEIGHT[Y_WIDTH-1:0] - 1'b1;
    wire [X_COUNT_WIDTH-1:0]   last_col = OUT_WIDTH[X_COUNT_WIDTH-1:0] - 1'b1;
    wire [CREDIT_WIDTH-1:0]    depth = OUT_DEPTH[CREDIT_WIDTH-1:0];
    wire [CREDIT_WIDTH-1:0]    groups = GROUPS[CREDIT_WIDTH-1:0];

    wire fifo_ready;
    wire push;
    wire pop = m_axis_values_tvalid && m_axis_values_tready;
    wire is_last_beat = beat == last_beat;
    wire is_last_fold = fold == last_fold;
    wire credit = queued + pending + groups <= depth;
    wire accept = s_axis_window_tvalid && in_ready;
    wire issue = accept || (replay && (!is_last_beat || credit));
    wire issue_last = issue && is_last_beat;
    wire pixel_done = issue_last && is_last_fold;

    wire [BEAT_WIDTH-1:0]   beat_next = !issue ? beat : is_last_beat ? {BEAT_WIDTH{1'b0}} : beat + 1'b1;
    wire                    replay_next = issue_last ? !is_last_fold : replay;
    wire [CREDIT_WIDTH-1:0] queued_next = queued + {{(CREDIT_WIDTH-1){1'b0}}, push} - {{(CREDIT_WIDTH-1){1'b0}}, pop};
    wire [CREDIT_WIDTH-1:0] pending_next = pending + (issue_last ? groups : {CREDIT_WIDTH{1'b0}})
                                           - {{(CREDIT_WIDTH-1){1'b0}}, push};

    always @(posedge ap_clk) begin
        if (!ap_rst_n) begin
            in_ready <= 1'b1;
            replay <= 1'b0;
            beat <= {BEAT_WIDTH{1'b0}};
            fold <= {FOLD_WIDTH{1'b0}};
            waddr <= {WADDR_WIDTH{1'b0}};
            oy <= {Y_WIDTH{1'b0}};
            ox <= {X_COUNT_WIDTH{1'b0}};
            queued <= {CREDIT_WIDTH{1'b0}};
            pending <= {CREDIT_WIDTH{1'b0}};
        end else begin
            // Registered ready: take input while filling, the fold's last beat only with a credit.
            in_ready <= !replay_next && (beat_next != last_beat || queued_next + pending_next + groups <= depth);
            replay <= replay_next;
            beat <= beat_next;
            queued <= queued_next;
            pending <= pending_next;
            if (issue) begin
                waddr <= pixel_done ? {WADDR_WIDTH{1'b0}} : waddr + 1'b1;
            end
            if (issue_last) begin
                fold <= is_last_fold ? {FOLD_WIDTH{1'b0}} : fold + 1'b1;
            end
            if (pixel_done) begin
                ox <= ox == last_col ? {X_COUNT_WIDTH{1'b0}} : ox + 1'b1;
                if (ox == last_col) begin
                    oy <= oy == last_row ? {Y_WIDTH{1'b0}} : oy + 1'b1;
                end
            end
        end
    end

    // ---- Stage 1: the issued beat's lanes and weights.
    reg                            s1_valid;
    reg                            s1_first;
    reg                            s1_last;
    reg [BIAS_ADDR_WIDTH-1:0]      s1_class;
    reg [LANES_WIDTH:0]            s1_beat;
    reg [PE*SIMD*WEIGHT_WIDTH-1:0] s1_weights;

    always @(posedge ap_clk) begin
        s1_valid <= ap_rst_n && issue;
        s1_first <= beat == {BEAT_WIDTH{1'b0}};
        s1_last <= is_last_beat;
        s1_class <= row_class_rom[oy] + col_class_rom[ox];
        s1_beat <= replay ? window[beat] : s_axis_window_tdata;
        s1_weights <= weight_rom[waddr];
        if (accept) begin
            window[beat] <= s_axis_window_tdata;
        end
    end

    // ---- Stage 2: the products (below, per PE); stage 3: their sum accumulated; the pixel's border class
    // is kept with the fold's last beat.
    reg                       s2_valid;
    reg                       s2_first;
    reg                       s2_last;
    reg [BIAS_ADDR_WIDTH-1:0] s2_class;
    reg                       s3_done;
    reg [BIAS_ADDR_WIDTH-1:0] s3_class;

    always @(posedge ap_clk) begin
        s2_valid <= ap_rst_n && s1_valid;
        s2_first <= s1_first;
        s2_last <= s1_last;
        s2_class <= s1_class;
        s3_done <= ap_rst_n && s2_valid && s2_last;
        if (s2_valid && s2_last) begin
            s3_class <= s2_class;
        end
    end

    // A padded tap contributes nothing, whatever its lanes carry.
    wire [LANES_WIDTH-1:0] lanes = s1_beat[LANES_WIDTH-1:0] & {LANES_WIDTH{s1_beat[LANES_WIDTH]}};

    wire [SHIFT_WIDTH-1:0] shift = shift_rom[0];
    wire [ACC_WIDTH:0]     half = {{ACC_WIDTH{1'b0}}, 1'b1} << shift >> 1;
    wire signed [STREAM_WIDTH-1:0] value_max = {1'b0, {(STREAM_WIDTH-1){1'b1}}};
    wire signed [STREAM_WIDTH-1:0] value_min = {1'b1, {(STREAM_WIDTH-1){1'b0}}};
    wire [LANES*STREAM_WIDTH-1:0] results;
    wire [PE*DOT_WIDTH-1:0]       dot_all;

    genvar i, j;
    generate
        for (i = 0; i < PE; i = i + 1) begin : g_pe
            reg  [SIMD*PROD_WIDTH-1:0] products;
            for (j = 0; j < SIMD; j = j + 1) begin : g_lane
                wire [WEIGHT_WIDTH-1:0] w = s1_weights[(i*SIMD + j)*WEIGHT_WIDTH +: WEIGHT_WIDTH];
                wire [IN_WIDTH-1:0]     x = lanes[j*IN_WIDTH +: IN_WIDTH];
                // The lane's sign bit: its MSB when signed, 0 when unsigned.
                wire                    x_sign = IN_SIGNED != 0 && x[IN_WIDTH-1];
                wire signed [PROD_WIDTH-1:0] p = $signed({{X_WIDTH{w[WEIGHT_WIDTH-1]}}, w})
                                                 * $signed({{(PROD_WIDTH-IN_WIDTH){x_sign}}, x});
                always @(posedge ap_clk) begin
                    if (s1_valid) begin
                        products[j*PROD_WIDTH +: PROD_WIDTH] <= p;
                    end
                end
            end

            // The beat's SIMD products, sign-extended to the window's exact sum (DOT_WIDTH bits hold the sum of
            // all TAPS*CHANNELS products, so no partial sum overflows either).
            reg signed [DOT_WIDTH-1:0] beat_sum;
            integer k;
            always @(*) begin
                beat_sum = {DOT_WIDTH{1'b0}};
                for (k = 0; k < SIMD; k = k + 1) begin
                    beat_sum = beat_sum + $signed({{(DOT_WIDTH-PROD_WIDTH){products[k*PROD_WIDTH + PROD_WIDTH - 1]}},
                                                   products[k*PROD_WIDTH +: PROD_WIDTH]});
                end
            end

            reg signed [DOT_WIDTH-1:0] dot;
            always @(posedge ap_clk) begin
                if (s2_valid) begin
                    dot <= (s2_first ? {DOT_WIDTH{1'b0}} : dot) + beat_sum;
                end
            end
            assign dot_all[i*DOT_WIDTH +: DOT_WIDTH] = dot;
        end
    endgenerate

    // ---- Drain (mvu_drain): a finished fold's sums leave LANES at a time; d1: the group's sums and biases
    // registered; d2: the bias added; then rounding shift and saturation into the FIFO.
    wire                       drain;
    wire [LANES*DOT_WIDTH-1:0] group_dot;
    wire [OUT_GROUP_WIDTH-1:0] out_group;
    wire [BIAS_ADDR_WIDTH-1:0] group_base;   // out_group * CLASSES
    wire                       unused_shared;
    mvu_drain #(
        .PE(PE),
        .LANES(LANES),
        .WIDTH(DOT_WIDTH),
        .SHARED_WIDTH(1),
        .OUT_GROUPS(OUT_GROUPS),
        .BASE_STEP(CLASSES),
        .BASE_WIDTH(BIAS_ADDR_WIDTH)
    ) drainer (
        .ap_clk(ap_clk),
        .ap_rst_n(ap_rst_n),
        .start(s3_done),
        .values(dot_all),
        .shared(1'b0),
        .drain(drain),
        .group_values(group_dot),
        .group_shared(unused_shared),
        .out_group(out_group),
        .group_base(group_base)
    );
    // The output group is counted in group_base; its index alone is not needed here.
    wire unused_out_group = &{1'b0, out_group};

    reg                        d1_valid;
    reg [LANES*DOT_WIDTH-1:0]  d1_dot;
    reg [LANES*BIAS_WIDTH-1:0] d1_bias;
    reg                        d2_valid;
    always @(posedge ap_clk) begin
        d1_valid <= ap_rst_n && drain;
        d2_valid <= ap_rst_n && d1_valid;
        if (drain) begin
            d1_dot <= group_dot;
            d1_bias <= bias_rom[group_base + s3_class];
        end
    end
    assign push = d2_valid;

    generate
        for (i = 0; i < LANES; i = i + 1) begin : g_out
            wire [DOT_WIDTH-1:0]  dot = d1_dot[i*DOT_WIDTH +: DOT_WIDTH];
            wire [BIAS_WIDTH-1:0] bias = d1_bias[i*BIAS_WIDTH +: BIAS_WIDTH];
            reg signed [ACC_WIDTH-1:0] acc;
            always @(posedge ap_clk) begin
                if (d1_valid) begin
                    acc <= $signed({{(ACC_WIDTH-DOT_WIDTH){dot[DOT_WIDTH-1]}}, dot})
                         + $signed({{(ACC_WIDTH-BIAS_WIDTH){bias[BIAS_WIDTH-1]}}, bias});
                end
            end

            wire signed [ACC_WIDTH:0] rounded = $signed({acc[ACC_WIDTH-1], acc} + half) >>> shift;
            // In range when every bit above the value's sign bit equals it.
            wire fits = &rounded[ACC_WIDTH:STREAM_WIDTH-1] || ~|rounded[ACC_WIDTH:STREAM_WIDTH-1];
            assign results[i*STREAM_WIDTH +: STREAM_WIDTH] = fits ? rounded[STREAM_WIDTH-1:0]
                                                           : rounded[ACC_WIDTH] ? value_min : value_max;
        end
    endgenerate

    assign s_axis_window_tready = in_ready;

    axis_fifo #(
        .DATA_WIDTH(LANES * STREAM_WIDTH),
        .DEPTH(OUT_DEPTH),
        .MEM_STYLE(FIFO_STYLE)
    ) output_stage (
        .ap_clk(ap_clk),
        .ap_rst_n(ap_rst_n),
        .s_axis_in_tdata(results),
        .s_axis_in_tvalid(push),
        .s_axis_in_tready(fifo_ready),
        .m_axis_out_tdata(m_axis_values_tdata),
        .m_axis_out_tvalid(m_axis_values_tvalid),
        .m_axis_out_tready(m_axis_values_tready)
    );

    // The credits guarantee that the FIFO is ready whenever a result arrives.
    wire unused_fifo_ready = fifo_ready;
endmodule

`default_nettype wire
