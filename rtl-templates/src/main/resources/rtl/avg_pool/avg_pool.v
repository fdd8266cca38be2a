// avg_pool: average pooling over the windows of a sliding_window, SIMD channels per beat.
//
// Function  per output pixel (oy, ox) and channel c (golden model: AvgPoolLayer.apply):
//             sum = the exact sum of channel c over the window's taps with tap_valid = 1
//             out = saturate_STREAM_WIDTH((sum * R[class] + 2^(RECIP_SHIFT-1)) >>> RECIP_SHIFT)
//           R = round(2^RECIP_SHIFT / d), d the window's divisor (PyTorch's count_include_pad rule), which
//           depends only on the window's border class: class = rowClass(oy)*COL_CLASSES + colClass(ox),
//           from the block's own pixel counters. Padded taps add nothing.
// Input     per output pixel TAPS*FOLDS beats (FOLDS = CHANNELS/SIMD) in the order ky (outer), kx, channel
//           fold f (inner); s_axis_window_tdata = {tap_valid, SIMD lanes}, channel f*SIMD + i in lane i,
//           bits [i*STREAM_WIDTH +: STREAM_WIDTH], two's complement. Images follow each other without a gap.
// Output    per output pixel FOLDS beats, beat f carrying channels f*SIMD .. f*SIMD + SIMD - 1 (pixel-major),
//           lane i in m_axis_values_tdata[i*STREAM_WIDTH +: STREAM_WIDTH].
// Schedule  Folds are innermost in the window, so the block keeps one running sum per fold: FOLDS words of
//           SIMD*SUM_WIDTH bits. Stage 0 accepts a beat and reads its fold's word (a RAM with a registered
//           read; a plain register when FOLDS = 1, where consecutive beats update the same word); stage 1
//           adds, writes back and, on the window's last tap, passes the sum on with its reciprocal; stage 2
//           multiplies; stage 3 rounds and saturates into the output axis_fifo. Consecutive beats have
//           different folds when FOLDS > 1, so the word a beat reads was written at least one edge earlier.
// Latency   4 cycles from the acceptance of a fold's last beat to its output beat being valid.
// Rate      1 input beat per cycle; FOLDS output beats per output pixel. A run of P output pixels without
//           stalls lasts P*TAPS*FOLDS + 4 cycles from the first input beat to the last output beat. A beat
//           of the last tap is accepted only with a credit: a free place in the output FIFO, which counts
//           the results in stages 1..3 as well (OUT_DEPTH = 5, enough for one result per cycle).
// ROMs      ($readmemh) RECIP_FILE: ROW_CLASSES*COL_CLASSES words of RECIP_SHIFT+1 bits, word class = R of
//           that class (unsigned); ROW_CLASS_FILE: OUT_HEIGHT words rowClass*COL_CLASSES, COL_CLASS_FILE:
//           OUT_WIDTH words colClass (CLASS_WIDTH bits each).
// Reset     ap_rst_n, active low, synchronous; the tap, fold and pixel counters restart at 0.
`timescale 1ns / 1ps
`default_nettype none

module avg_pool #(
    parameter integer CHANNELS       = 1,   // channels C, >= 1
    parameter integer SIMD           = 1,   // channels per beat, divides CHANNELS
    parameter integer STREAM_WIDTH   = 8,   // bits of one signed value, 2..31
    parameter integer TAPS           = 1,   // window taps K*K, >= 1
    parameter integer OUT_HEIGHT     = 1,   // output rows, >= 1
    parameter integer OUT_WIDTH      = 1,   // output columns, >= 1
    parameter integer ROW_CLASSES    = 1,   // border classes of the rows, 1..OUT_HEIGHT
    parameter integer COL_CLASSES    = 1,   // border classes of the columns, 1..OUT_WIDTH
    parameter integer RECIP_SHIFT    = 16,  // fractional bits of the reciprocals, 1..24
    parameter         RECIP_FILE     = "",  // reciprocal ROM image
    parameter         ROW_CLASS_FILE = "",  // row class table image
    parameter         COL_CLASS_FILE = "",  // column class table image
    // Read by synthesis only, in the ram_style/rom_style attributes of the memories.
    /* verilator lint_off UNUSEDPARAM */
    parameter         SUMS_STYLE = "distributed",  // ram_style of the running sums: "distributed", "block" or "logic"
    parameter         FIFO_STYLE = "distributed"   // ram_style of the output FIFO
    /* verilator lint_on UNUSEDPARAM */
) (
    input  wire                           ap_clk,
    input  wire                           ap_rst_n,
    input  wire [SIMD*STREAM_WIDTH:0]     s_axis_window_tdata,
    input  wire                           s_axis_window_tvalid,
    output wire                           s_axis_window_tready,
    output wire [SIMD*STREAM_WIDTH-1:0]   m_axis_values_tdata,
    output wire                           m_axis_values_tvalid,
    input  wire                           m_axis_values_tready
);
    localparam integer FOLDS = CHANNELS / SIMD;
    localparam integer CLASSES = ROW_CLASSES * COL_CLASSES;
    localparam integer LANES_WIDTH = SIMD * STREAM_WIDTH;
    // A sum of up to TAPS values of STREAM_WIDTH bits, exact (at least one bit wider than a value).
    localparam integer SUM_WIDTH = STREAM_WIDTH + $clog2(TAPS + 1);
    // R <= 2^RECIP_SHIFT (d = 1), unsigned.
    localparam integer RECIP_WIDTH = RECIP_SHIFT + 1;
    // sum * R as signed operands (R with a zero sign bit), and one bit for the rounding constant.
    localparam integer PROD_WIDTH = SUM_WIDTH + RECIP_WIDTH + 1;
    // Results the output FIFO holds: one per cycle needs room for those in stages 1..3 and the one leaving.
    localparam integer OUT_DEPTH = 5;
    localparam integer CREDIT_WIDTH = 3;
    localparam integer FOLD_WIDTH = FOLDS > 1 ? $clog2(FOLDS) : 1;
    localparam integer TAP_WIDTH = TAPS > 1 ? $clog2(TAPS) : 1;
    localparam integer CLASS_WIDTH = CLASSES > 1 ? $clog2(CLASSES) : 1;
    localparam integer Y_WIDTH = OUT_HEIGHT > 1 ? $clog2(OUT_HEIGHT) : 1;
    localparam integer X_WIDTH = OUT_WIDTH > 1 ? $clog2(OUT_WIDTH) : 1;

    generate
        if (CHANNELS < 1 || SIMD < 1 || SIMD > CHANNELS || CHANNELS % SIMD != 0 || STREAM_WIDTH < 2
                || STREAM_WIDTH > 31 || TAPS < 1 || OUT_HEIGHT < 1 || OUT_WIDTH < 1 || ROW_CLASSES < 1
                || ROW_CLASSES > OUT_HEIGHT || COL_CLASSES < 1 || COL_CLASSES > OUT_WIDTH || RECIP_SHIFT < 1
                || RECIP_SHIFT > 24) begin : g_illegal_parameters
`ifdef __ICARUS__
            // Icarus 11 has no elaboration-time $error: stop at time 0 instead.
            initial $fatal(1, "avg_pool: illegal parameters CHANNELS = %0d, SIMD = %0d, STREAM_WIDTH = %0d, TAPS = %0d, OUT_HEIGHT = %0d, OUT_WIDTH = %0d, ROW_CLASSES = %0d, COL_CLASSES = %0d, RECIP_SHIFT = %0d (need SIMD to divide CHANNELS, STREAM_WIDTH 2..31, TAPS >= 1, 1 <= ROW_CLASSES <= OUT_HEIGHT, 1 <= COL_CLASSES <= OUT_WIDTH, RECIP_SHIFT 1..24)",
                           CHANNELS, SIMD, STREAM_WIDTH, TAPS, OUT_HEIGHT, OUT_WIDTH, ROW_CLASSES, COL_CLASSES, RECIP_SHIFT);
`else
            $error("avg_pool: illegal parameters CHANNELS = %0d, SIMD = %0d, STREAM_WIDTH = %0d, TAPS = %0d, OUT_HEIGHT = %0d, OUT_WIDTH = %0d, ROW_CLASSES = %0d, COL_CLASSES = %0d, RECIP_SHIFT = %0d (need SIMD to divide CHANNELS, STREAM_WIDTH 2..31, TAPS >= 1, 1 <= ROW_CLASSES <= OUT_HEIGHT, 1 <= COL_CLASSES <= OUT_WIDTH, RECIP_SHIFT 1..24)",
                   CHANNELS, SIMD, STREAM_WIDTH, TAPS, OUT_HEIGHT, OUT_WIDTH, ROW_CLASSES, COL_CLASSES, RECIP_SHIFT);
`endif
        end
    endgenerate

    (* rom_style = "logic" *) reg [RECIP_WIDTH-1:0] recip_rom     [0:CLASSES-1];
    (* rom_style = "logic" *) reg [CLASS_WIDTH-1:0] row_class_rom [0:OUT_HEIGHT-1];
    (* rom_style = "logic" *) reg [CLASS_WIDTH-1:0] col_class_rom [0:OUT_WIDTH-1];
    initial begin
        $readmemh(RECIP_FILE, recip_rom);
        $readmemh(ROW_CLASS_FILE, row_class_rom);
        $readmemh(COL_CLASS_FILE, col_class_rom);
    end

    // ---- Stage 0: counters, the registered ready and its credits.
    reg                    in_ready;
    reg [FOLD_WIDTH-1:0]   fold;
    reg [TAP_WIDTH-1:0]    tap;
    reg [Y_WIDTH-1:0]      oy;
    reg [X_WIDTH-1:0]      ox;
    reg [CREDIT_WIDTH-1:0] held;   // results accepted, not yet taken from the output FIFO

    wire [FOLD_WIDTH-1:0]   last_fold = FOLDS[FOLD_WIDTH-1:0] - 1'b1;
    wire [TAP_WIDTH-1:0]    last_tap = TAPS[TAP_WIDTH-1:0] - 1'b1;
    wire [Y_WIDTH-1:0]      last_row = OUT_HEIGHT[Y_WIDTH-1:0] - 1'b1;
    wire [X_WIDTH-1:0]      last_col = OUT_WIDTH[X_WIDTH-1:0] - 1'b1;
    wire [CREDIT_WIDTH-1:0] depth = OUT_DEPTH[CREDIT_WIDTH-1:0];

    wire accept = s_axis_window_tvalid && in_ready;
    wire pop = m_axis_values_tvalid && m_axis_values_tready;
    wire is_last_fold = fold == last_fold;
    wire is_last_tap = tap == last_tap;
    wire result = accept && is_last_tap;
    wire pixel_done = result && is_last_fold;

    wire [FOLD_WIDTH-1:0]   fold_next = !accept ? fold : is_last_fold ? {FOLD_WIDTH{1'b0}} : fold + 1'b1;
    wire [TAP_WIDTH-1:0]    tap_next = !(accept && is_last_fold) ? tap : is_last_tap ? {TAP_WIDTH{1'b0}} : tap + 1'b1;
    wire [CREDIT_WIDTH-1:0] held_next = held + {{(CREDIT_WIDTH-1){1'b0}}, result} - {{(CREDIT_WIDTH-1){1'b0}}, pop};

    always @(posedge ap_clk) begin
        if (!ap_rst_n) begin
            in_ready <= 1'b1;
            fold <= {FOLD_WIDTH{1'b0}};
            tap <= {TAP_WIDTH{1'b0}};
            oy <= {Y_WIDTH{1'b0}};
            ox <= {X_WIDTH{1'b0}};
            held <= {CREDIT_WIDTH{1'b0}};
        end else begin
            // Beats before the last tap produce nothing and never wait; a last-tap beat needs a credit.
            in_ready <= tap_next != last_tap || held_next < depth;
            fold <= fold_next;
            tap <= tap_next;
            held <= held_next;
            if (pixel_done) begin
                ox <= ox == last_col ? {X_WIDTH{1'b0}} : ox + 1'b1;
                if (ox == last_col) begin
                    oy <= oy == last_row ? {Y_WIDTH{1'b0}} : oy + 1'b1;
                end
            end
        end
    end

    // The beat's lanes with padded taps forced to 0.
    wire                   tap_valid = s_axis_window_tdata[LANES_WIDTH];
    wire [LANES_WIDTH-1:0] lanes_in = s_axis_window_tdata[LANES_WIDTH-1:0] & {LANES_WIDTH{tap_valid}};

    // ---- Stage 1: the beat, and the running sum of its fold.
    localparam integer SUMS_WIDTH = SIMD * SUM_WIDTH;
    reg                   s1_valid;
    reg                   s1_first;
    reg                   s1_last;
    reg [CLASS_WIDTH-1:0] s1_class;
    reg [LANES_WIDTH-1:0] s1_lanes;
    wire [SUMS_WIDTH-1:0] running;
    wire [SUMS_WIDTH-1:0] updated;

    always @(posedge ap_clk) begin
        s1_valid <= ap_rst_n && accept;
        s1_first <= tap == {TAP_WIDTH{1'b0}};
        s1_last <= is_last_tap;
        s1_class <= row_class_rom[oy] + col_class_rom[ox];
        s1_lanes <= lanes_in;
    end

    generate
        if (FOLDS == 1) begin : g_register
            reg [SUMS_WIDTH-1:0] sums;
            always @(posedge ap_clk) begin
                if (s1_valid) begin
                    sums <= updated;
                end
            end
            assign running = sums;
        end else begin : g_ram
            (* ram_style = SUMS_STYLE *) reg [SUMS_WIDTH-1:0] sums [0:FOLDS-1];
            reg [SUMS_WIDTH-1:0] read;
            reg [FOLD_WIDTH-1:0] s1_fold;
            always @(posedge ap_clk) begin
                // Read the offered beat's fold every cycle; stage 1 uses it when the beat was accepted.
                read <= sums[fold];
                s1_fold <= fold;
                if (s1_valid) begin
                    sums[s1_fold] <= updated;
                end
            end
            assign running = read;
        end
    endgenerate

    // ---- Stage 2: the finished sums and their reciprocal; stage 3: the products.
    reg                   s2_valid;
    reg [SUMS_WIDTH-1:0]  s2_sums;
    reg [RECIP_WIDTH-1:0] s2_recip;
    reg                   s3_valid;

    always @(posedge ap_clk) begin
        s2_valid <= ap_rst_n && s1_valid && s1_last;
        s3_valid <= ap_rst_n && s2_valid;
        if (s1_valid && s1_last) begin
            s2_sums <= updated;
            s2_recip <= recip_rom[s1_class];
        end
    end

    wire [PROD_WIDTH-1:0] half = {{(PROD_WIDTH-1){1'b0}}, 1'b1} << (RECIP_SHIFT - 1);
    wire signed [STREAM_WIDTH-1:0] value_max = {1'b0, {(STREAM_WIDTH-1){1'b1}}};
    wire signed [STREAM_WIDTH-1:0] value_min = {1'b1, {(STREAM_WIDTH-1){1'b0}}};
    wire [LANES_WIDTH-1:0] results;

    genvar i;
    generate
        for (i = 0; i < SIMD; i = i + 1) begin : g_lane
            wire [STREAM_WIDTH-1:0] x = s1_lanes[i*STREAM_WIDTH +: STREAM_WIDTH];
            wire [SUM_WIDTH-1:0]    s = running[i*SUM_WIDTH +: SUM_WIDTH];
            wire [SUM_WIDTH-1:0]    x_wide = {{(SUM_WIDTH-STREAM_WIDTH){x[STREAM_WIDTH-1]}}, x};
            assign updated[i*SUM_WIDTH +: SUM_WIDTH] = s1_first ? x_wide : s + x_wide;

            wire [SUM_WIDTH-1:0] sum = s2_sums[i*SUM_WIDTH +: SUM_WIDTH];
            reg signed [PROD_WIDTH-1:0] product;
            always @(posedge ap_clk) begin
                if (s2_valid) begin
                    product <= $signed({{(PROD_WIDTH-SUM_WIDTH){sum[SUM_WIDTH-1]}}, sum})
                             * $signed({{(PROD_WIDTH-RECIP_WIDTH){1'b0}}, s2_recip});
                end
            end

            wire signed [PROD_WIDTH-1:0] rounded = $signed(product + half) >>> RECIP_SHIFT;
            // In range when every bit above the value's sign bit equals it.
            wire fits = &rounded[PROD_WIDTH-1:STREAM_WIDTH-1] || ~|rounded[PROD_WIDTH-1:STREAM_WIDTH-1];
            assign results[i*STREAM_WIDTH +: STREAM_WIDTH] = fits ? rounded[STREAM_WIDTH-1:0]
                                                           : rounded[PROD_WIDTH-1] ? value_min : value_max;
        end
    endgenerate

    wire fifo_ready;
    assign s_axis_window_tready = in_ready;

    axis_fifo #(
        .DATA_WIDTH(LANES_WIDTH),
        .DEPTH(OUT_DEPTH),
        .MEM_STYLE(FIFO_STYLE)
    ) output_stage (
        .ap_clk(ap_clk),
        .ap_rst_n(ap_rst_n),
        .s_axis_in_tdata(results),
        .s_axis_in_tvalid(s3_valid),
        .s_axis_in_tready(fifo_ready),
        .m_axis_out_tdata(m_axis_values_tdata),
        .m_axis_out_tvalid(m_axis_values_tvalid),
        .m_axis_out_tready(m_axis_values_tready)
    );

    // The credits guarantee that the FIFO is ready whenever a result arrives.
    wire unused_fifo_ready = fifo_ready;
endmodule

`default_nettype wire
