// binary_mvu: the binary matrix-vector unit of an AdaBin binary convolution, PE x SIMD folded.
//
// Function  per output pixel and output channel o (golden model: BinaryConvLayer.apply):
//             Px[o] = sum over the window's beats of popcount(XNOR(a, w[o]) & {SIMD{tap_valid}})
//             Pa    = sum over the window's beats of popcount(a & {SIMD{tap_valid}})   (shared by all o)
//             acc   = mx[o]*Px[o] + ma[o]*Pa + bias[o][class]                    (exact, ACC_WIDTH bits)
//             out   = saturate_STREAM_WIDTH((acc + 2^(shift-1)) >>> shift)  (shift = 0: acc itself)
//           class = rowClass(oy)*COL_CLASSES + colClass(ox), from the block's own pixel counters.
// Input     per output pixel in raster order, BEATS = TAPS*CHANNELS/SIMD beats in the order ky (outer), kx,
//           channel fold f (inner); s_axis_window_tdata = {tap_valid, SIMD activation bits}, channel
//           f*SIMD + i in bit i; a padded tap has tap_valid = 0. Images follow each other without a gap.
// Output    per output pixel OUT_FOLDS = OUT_CHANNELS/PE beats, beat g carrying channels g*PE .. g*PE+PE-1,
//           lane i in m_axis_values_tdata[i*STREAM_WIDTH +: STREAM_WIDTH], two's complement.
// Schedule  Fill: the window's beats are accepted one per cycle, written to the window buffer and, as
//           they arrive, accumulated against the weights of output fold 0 (and into Pa). Replay: output
//           folds 1 .. OUT_FOLDS-1 read the buffer, one beat per cycle. The fold's last beat needs a
//           credit (a free place in the output FIFO counting results still in the pipeline).
// Latency   4 cycles from the issue of a fold's last beat to its output beat being valid (issue,
//           accumulate, affine, round/saturate into the output axis_fifo).
// Rate      without stalls OUT_FOLDS*BEATS cycles per output pixel (BEATS of them accepting input);
//           a run of P pixels lasts P*OUT_FOLDS*BEATS + 4 cycles from first input to last output.
// ROMs      ($readmemh) WEIGHT_FILE: OUT_FOLDS*BEATS words of PE*SIMD bits, word g*BEATS + b holding the
//           weight bits of beat b for channel g*PE + i in bits [i*SIMD +: SIMD]; MX_FILE, MA_FILE:
//           OUT_FOLDS words of PE*CONST_WIDTH bits; BIAS_FILE: OUT_FOLDS*CLASSES words of PE*ACC_WIDTH bits,
//           word g*CLASSES + class; SHIFT_FILE: one 6-bit word; ROW_CLASS_FILE: OUT_HEIGHT words
//           rowClass*COL_CLASSES, COL_CLASS_FILE: OUT_WIDTH words colClass (BIAS_ADDR_WIDTH bits each).
// Reset     ap_rst_n, active low, synchronous; the pixel counters restart at (0, 0).
`timescale 1ns / 1ps
`default_nettype none

module binary_mvu #(
    parameter integer CHANNELS       = 1,   // input channels C, >= 1
    parameter integer OUT_CHANNELS   = 1,   // output channels O, >= 1
    parameter integer TAPS           = 1,   // kernel taps K*K, >= 1
    parameter integer SIMD           = 1,   // input channels per beat, divides CHANNELS
    parameter integer PE             = 1,   // output channels accumulated in parallel, divides OUT_CHANNELS
    parameter integer LANES          = 1,   // output channels per output beat (affine stages), divides PE
    parameter integer STREAM_WIDTH   = 8,   // bits of one signed output value, 2..31
    parameter integer CONST_WIDTH    = 27,  // bits of the signed multipliers mx, ma, 2..32
    parameter integer ACC_WIDTH      = 48,  // bits of the signed biases and the accumulator
    parameter integer OUT_HEIGHT     = 1,   // output rows, >= 1
    parameter integer OUT_WIDTH      = 1,   // output columns, >= 1
    parameter integer ROW_CLASSES    = 1,   // border classes of the rows, 1..OUT_HEIGHT
    parameter integer COL_CLASSES    = 1,   // border classes of the columns, 1..OUT_WIDTH
    parameter         WEIGHT_FILE    = "",  // weight ROM image
    parameter         MX_FILE        = "",  // mx ROM image
    parameter         MA_FILE        = "",  // ma ROM image
    parameter         BIAS_FILE      = "",  // bias ROM image
    parameter         SHIFT_FILE     = "",  // shift image, one word
    parameter         ROW_CLASS_FILE = "",  // row class table image
    parameter         COL_CLASS_FILE = "",  // column class table image
    // Read by synthesis only, in the ram_style/rom_style attributes of the memories.
    /* verilator lint_off UNUSEDPARAM */
    parameter         WEIGHT_STYLE = "logic",  // rom_style of the weight ROM: "logic" or "block"
    parameter         CONST_STYLE = "logic",  // rom_style of the mx and ma ROMs
    parameter         BIAS_STYLE = "logic",  // rom_style of the bias ROM
    parameter         WINDOW_STYLE = "distributed",  // ram_style of the window buffer: "distributed", "block" or "logic"
    parameter         FIFO_STYLE = "distributed"   // ram_style of the output FIFO
    /* verilator lint_on UNUSEDPARAM */
) (
    input  wire                           ap_clk,
    input  wire                           ap_rst_n,
    input  wire [SIMD:0]                  s_axis_window_tdata,
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
    localparam integer CLASSES = ROW_CLASSES * COL_CLASSES;
    localparam integer WEIGHT_WORDS = OUT_FOLDS * BEATS;
    localparam integer BIAS_WORDS = OUT_GROUPS * CLASSES;
    // Px counts up to TAPS*CHANNELS; one spare bit keeps the width >= 2.
    localparam integer PX_WIDTH = $clog2(TAPS * CHANNELS + 1) + 1;
    // Products and the exact sum of two products and a bias.
    localparam integer PROD_WIDTH = CONST_WIDTH + PX_WIDTH;
    localparam integer SUM_WIDTH = ACC_WIDTH + 2;
    localparam integer SHIFT_WIDTH = 6;
    // Results the output FIFO holds; the credits keep the pipeline from overrunning it. A fold needs GROUPS
    // places; 7 more cover the results still in the pipeline when the next fold ends, at full rate.
    localparam integer OUT_DEPTH = GROUPS + 7;
    localparam integer CREDIT_WIDTH = $clog2(OUT_DEPTH + GROUPS + 1) + 1;
    localparam integer OUT_GROUP_WIDTH = OUT_GROUPS > 1 ? $clog2(OUT_GROUPS) : 1;
    localparam integer BEAT_WIDTH = BEATS > 1 ? $clog2(BEATS) : 1;
    localparam integer FOLD_WIDTH = OUT_FOLDS > 1 ? $clog2(OUT_FOLDS) : 1;
    localparam integer WADDR_WIDTH = WEIGHT_WORDS > 1 ? $clog2(WEIGHT_WORDS) : 1;
    localparam integer BIAS_ADDR_WIDTH = BIAS_WORDS > 1 ? $clog2(BIAS_WORDS) : 1;
    localparam integer Y_WIDTH = OUT_HEIGHT > 1 ? $clog2(OUT_HEIGHT) : 1;
    localparam integer X_WIDTH = OUT_WIDTH > 1 ? $clog2(OUT_WIDTH) : 1;

    generate
        if (CHANNELS < 1 || OUT_CHANNELS < 1 || TAPS < 1 || SIMD < 1 || CHANNELS % SIMD != 0 || PE < 1
                || OUT_CHANNELS % PE != 0 || LANES < 1 || PE % LANES != 0 || GROUPS > BEATS || STREAM_WIDTH < 2 || STREAM_WIDTH > 31 || CONST_WIDTH < 2
                || CONST_WIDTH > 32 || ACC_WIDTH < PROD_WIDTH + 1 || OUT_HEIGHT < 1 || OUT_WIDTH < 1
                || ROW_CLASSES < 1 || ROW_CLASSES > OUT_HEIGHT || COL_CLASSES < 1 || COL_CLASSES > OUT_WIDTH) begin : g_illegal_parameters
`ifdef __ICARUS__
            // Icarus 11 has no elaboration-time $error: stop at time 0 instead.
            initial $fatal(1, "binary_mvu: illegal parameters CHANNELS = %0d, SIMD = %0d, OUT_CHANNELS = %0d, PE = %0d, LANES = %0d, TAPS = %0d, STREAM_WIDTH = %0d, CONST_WIDTH = %0d, ACC_WIDTH = %0d, OUT_HEIGHT = %0d, OUT_WIDTH = %0d, ROW_CLASSES = %0d, COL_CLASSES = %0d (need SIMD | CHANNELS, PE | OUT_CHANNELS, LANES | PE, PE/LANES <= TAPS*CHANNELS/SIMD, STREAM_WIDTH 2..31, CONST_WIDTH 2..32, ACC_WIDTH > CONST_WIDTH + Px bits)",
                           CHANNELS, SIMD, OUT_CHANNELS, PE, LANES, TAPS, STREAM_WIDTH, CONST_WIDTH, ACC_WIDTH, OUT_HEIGHT, OUT_WIDTH, ROW_CLASSES, COL_CLASSES);
`else
            $error("binary_mvu: illegal parameters CHANNELS = %0d, SIMD = %0d, OUT_CHANNELS = %0d, PE = %0d, LANES = %0d, TAPS = %0d, STREAM_WIDTH = %0d, CONST_WIDTH = %0d, ACC_WIDTH = %0d, OUT_HEIGHT = %0d, OUT_WIDTH = %0d, ROW_CLASSES = %0d, COL_CLASSES = %0d (need SIMD | CHANNELS, PE | OUT_CHANNELS, LANES | PE, PE/LANES <= TAPS*CHANNELS/SIMD, STREAM_WIDTH 2..31, CONST_WIDTH 2..32, ACC_WIDTH > CONST_WIDTH + Px bits)",
                   CHANNELS, SIMD, OUT_CHANNELS, PE, LANES, TAPS, STREAM_WIDTH, CONST_WIDTH, ACC_WIDTH, OUT_HEIGHT, OUT_WIDTH, ROW_CLASSES, COL_CLASSES);
`endif
        end
    endgenerate

    (* rom_style = WEIGHT_STYLE *) reg [PE*SIMD-1:0]        weight_rom    [0:WEIGHT_WORDS-1];
    (* rom_style = CONST_STYLE *) reg [LANES*CONST_WIDTH-1:0] mx_rom     [0:OUT_GROUPS-1];
    (* rom_style = CONST_STYLE *) reg [LANES*CONST_WIDTH-1:0] ma_rom     [0:OUT_GROUPS-1];
    (* rom_style = BIAS_STYLE *) reg [LANES*ACC_WIDTH-1:0]   bias_rom   [0:BIAS_WORDS-1];
    (* rom_style = "logic" *) reg [SHIFT_WIDTH-1:0]    shift_rom     [0:0];
    (* rom_style = "logic" *) reg [BIAS_ADDR_WIDTH-1:0] row_class_rom [0:OUT_HEIGHT-1];
    (* rom_style = "logic" *) reg [BIAS_ADDR_WIDTH-1:0] col_class_rom [0:OUT_WIDTH-1];
    initial begin
        $readmemh(WEIGHT_FILE, weight_rom);
        $readmemh(MX_FILE, mx_rom);
        $readmemh(MA_FILE, ma_rom);
        $readmemh(BIAS_FILE, bias_rom);
        $readmemh(SHIFT_FILE, shift_rom);
        $readmemh(ROW_CLASS_FILE, row_class_rom);
        $readmemh(COL_CLASS_FILE, col_class_rom);
    end

    // The current window's beats, reused by every output fold after the first.
    (* ram_style = WINDOW_STYLE *) reg [SIMD:0] window [0:BEATS-1];

    // ---- Issue: one (fold, beat) per cycle, from the input while filling, from the buffer in replay.
    reg                       in_ready;
    reg                       replay;
    reg [BEAT_WIDTH-1:0]      beat;
    reg [FOLD_WIDTH-1:0]      fold;
    reg [WADDR_WIDTH-1:0]     waddr;
    reg [Y_WIDTH-1:0]         oy;
    reg [X_WIDTH-1:0]         ox;
    reg [CREDIT_WIDTH-1:0]    queued;      // results in the output FIFO
    reg [CREDIT_WIDTH-1:0]    pending;     // results issued, not yet in the output FIFO

    wire [BEAT_WIDTH-1:0]      last_beat = BEATS[BEAT_WIDTH-1:0] - 1'b1;
    wire [FOLD_WIDTH-1:0]      last_fold = OUT_FOLDS[FOLD_WIDTH-1:0] - 1'b1;
    wire [Y_WIDTH-1:0]         last_row = OUT_HEIGHT[Y_WIDTH-1:0] - 1'b1;
    wire [X_WIDTH-1:0]         last_col = OUT_WIDTH[X_WIDTH-1:0] - 1'b1;
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
            ox <= {X_WIDTH{1'b0}};
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
                ox <= ox == last_col ? {X_WIDTH{1'b0}} : ox + 1'b1;
                if (ox == last_col) begin
                    oy <= oy == last_row ? {Y_WIDTH{1'b0}} : oy + 1'b1;
                end
            end
        end
    end

    // ---- Stage 1: the issued beat's bits and weights.
    reg                       s1_valid;
    reg                       s1_first;
    reg                       s1_last;
    reg                       s1_fill;
    reg [BIAS_ADDR_WIDTH-1:0] s1_class;
    reg [SIMD:0]              s1_bits;
    reg [PE*SIMD-1:0]         s1_weights;

    always @(posedge ap_clk) begin
        s1_valid <= ap_rst_n && issue;
        s1_first <= beat == {BEAT_WIDTH{1'b0}};
        s1_last <= is_last_beat;
        s1_fill <= !replay;
        s1_class <= row_class_rom[oy] + col_class_rom[ox];
        s1_bits <= replay ? window[beat] : s_axis_window_tdata;
        s1_weights <= weight_rom[waddr];
        if (accept) begin
            window[beat] <= s_axis_window_tdata;
        end
    end

    function automatic [PX_WIDTH-1:0] popcount(input [SIMD-1:0] v);
        integer k;
        begin
            popcount = {PX_WIDTH{1'b0}};
            for (k = 0; k < SIMD; k = k + 1) begin
                popcount = popcount + {{(PX_WIDTH-1){1'b0}}, v[k]};
            end
        end
    endfunction

    // ---- Stage 2: popcount accumulation; the pixel's border class is kept with the fold's last beat.
    wire [SIMD-1:0] valid_mask = {SIMD{s1_bits[SIMD]}};
    reg  [PX_WIDTH-1:0] pa;
    reg                 s2_done;
    reg  [BIAS_ADDR_WIDTH-1:0] s2_class;
    wire [PE*PX_WIDTH-1:0] px_all;

    always @(posedge ap_clk) begin
        s2_done <= ap_rst_n && s1_valid && s1_last;
        if (s1_valid && s1_fill) begin
            pa <= (s1_first ? {PX_WIDTH{1'b0}} : pa) + popcount(s1_bits[SIMD-1:0] & valid_mask);
        end
        if (s1_valid && s1_last) begin
            s2_class <= s1_class;
        end
    end

    genvar i;
    generate
        for (i = 0; i < PE; i = i + 1) begin : g_pe
            wire [SIMD-1:0] agree = ~(s1_bits[SIMD-1:0] ^ s1_weights[i*SIMD +: SIMD]) & valid_mask;
            reg  [PX_WIDTH-1:0] px;
            always @(posedge ap_clk) begin
                if (s1_valid) begin
                    px <= (s1_first ? {PX_WIDTH{1'b0}} : px) + popcount(agree);
                end
            end
            assign px_all[i*PX_WIDTH +: PX_WIDTH] = px;
        end
    endgenerate

    // ---- Drain (mvu_drain): a finished fold's popcounts leave LANES at a time; the constants' ROMs are read
    // by the output group, which runs 0 .. OUT_GROUPS-1 through every pixel.
    wire                       drain;
    wire [LANES*PX_WIDTH-1:0]  group_px;
    wire [PX_WIDTH-1:0]        group_pa;
    wire [OUT_GROUP_WIDTH-1:0] out_group;
    wire [BIAS_ADDR_WIDTH-1:0] group_base;   // out_group * CLASSES
    mvu_drain #(
        .PE(PE),
        .LANES(LANES),
        .WIDTH(PX_WIDTH),
        .SHARED_WIDTH(PX_WIDTH),
        .OUT_GROUPS(OUT_GROUPS),
        .BASE_STEP(CLASSES),
        .BASE_WIDTH(BIAS_ADDR_WIDTH)
    ) drainer (
        .ap_clk(ap_clk),
        .ap_rst_n(ap_rst_n),
        .start(s2_done),
        .values(px_all),
        .shared(pa),
        .drain(drain),
        .group_values(group_px),
        .group_shared(group_pa),
        .out_group(out_group),
        .group_base(group_base)
    );

    // ---- Stage d1: the group's popcounts and constants; d2: the affine step; then rounding shift and
    // saturation into the FIFO.
    reg                         d1_valid;
    reg [LANES*PX_WIDTH-1:0]    d1_px;
    reg [PX_WIDTH-1:0]          d1_pa;
    reg [LANES*CONST_WIDTH-1:0] d1_mx;
    reg [LANES*CONST_WIDTH-1:0] d1_ma;
    reg [LANES*ACC_WIDTH-1:0]   d1_bias;
    reg                         d2_valid;
    always @(posedge ap_clk) begin
        d1_valid <= ap_rst_n && drain;
        d2_valid <= ap_rst_n && d1_valid;
        if (drain) begin
            d1_px <= group_px;
            d1_pa <= group_pa;
            d1_mx <= mx_rom[out_group];
            d1_ma <= ma_rom[out_group];
            d1_bias <= bias_rom[group_base + s2_class];
        end
    end
    assign push = d2_valid;

    wire [SHIFT_WIDTH-1:0] shift = shift_rom[0];
    wire [SUM_WIDTH:0]     half = {{SUM_WIDTH{1'b0}}, 1'b1} << shift >> 1;
    wire signed [STREAM_WIDTH-1:0] value_max = {1'b0, {(STREAM_WIDTH-1){1'b1}}};
    wire signed [STREAM_WIDTH-1:0] value_min = {1'b1, {(STREAM_WIDTH-1){1'b0}}};
    wire [LANES*STREAM_WIDTH-1:0] results;

    generate
        for (i = 0; i < LANES; i = i + 1) begin : g_lane
            wire [PX_WIDTH-1:0]    px = d1_px[i*PX_WIDTH +: PX_WIDTH];
            wire [CONST_WIDTH-1:0] mx = d1_mx[i*CONST_WIDTH +: CONST_WIDTH];
            wire [CONST_WIDTH-1:0] ma = d1_ma[i*CONST_WIDTH +: CONST_WIDTH];
            wire [ACC_WIDTH-1:0]   bias = d1_bias[i*ACC_WIDTH +: ACC_WIDTH];
            wire signed [PROD_WIDTH-1:0] mx_px = $signed({{PX_WIDTH{mx[CONST_WIDTH-1]}}, mx})
                                                 * $signed({{CONST_WIDTH{1'b0}}, px});
            wire signed [PROD_WIDTH-1:0] ma_pa = $signed({{PX_WIDTH{ma[CONST_WIDTH-1]}}, ma})
                                                 * $signed({{CONST_WIDTH{1'b0}}, d1_pa});
            reg signed [SUM_WIDTH-1:0] acc;
            always @(posedge ap_clk) begin
                if (d1_valid) begin
                    acc <= $signed({{(SUM_WIDTH-PROD_WIDTH){mx_px[PROD_WIDTH-1]}}, mx_px})
                         + $signed({{(SUM_WIDTH-PROD_WIDTH){ma_pa[PROD_WIDTH-1]}}, ma_pa})
                         + $signed({{(SUM_WIDTH-ACC_WIDTH){bias[ACC_WIDTH-1]}}, bias});
                end
            end

            wire signed [SUM_WIDTH:0] rounded = $signed({acc[SUM_WIDTH-1], acc} + half) >>> shift;
            // In range when every bit above the value's sign bit equals it.
            wire fits = &rounded[SUM_WIDTH:STREAM_WIDTH-1] || ~|rounded[SUM_WIDTH:STREAM_WIDTH-1];
            assign results[i*STREAM_WIDTH +: STREAM_WIDTH] = fits ? rounded[STREAM_WIDTH-1:0]
                                                           : rounded[SUM_WIDTH] ? value_min : value_max;
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
