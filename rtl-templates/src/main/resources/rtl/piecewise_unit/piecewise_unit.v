// piecewise_unit: a per-channel piecewise-linear function of signed stream values (Maxout, PReLU, ReLU,
// Hardtanh), one multiplier per lane.
//
// Function  for every value x of channel c (golden model: PiecewiseLayer.apply):
//             m = x > 0 ? pos[c] : neg[c]                 (x = 0 takes neg[c]; its product is 0 either way)
//             r = (x*m + 2^(shift-1)) >>> shift            (shift = 0: x*m itself; exact, no overflow)
//             y = min(hi, max(lo, r))                      (the stream range, or Hardtanh's bounds)
// Order     pixel-major, channels folded by LANES: per pixel FOLDS = CHANNELS / LANES beats, beat f carrying
//           channels f*LANES .. f*LANES + LANES - 1, lane i in [i*STREAM_WIDTH +: STREAM_WIDTH] on both
//           streams, two's complement. One output beat per input beat, same order. The fold counter
//           restarts at 0 after reset and after beat FOLDS - 1.
// ROMs      ($readmemh) POS_FILE, NEG_FILE: FOLDS words of LANES*MULT_WIDTH bits, word f holding the slopes
//           of channel f*LANES + i in lane i (two's complement); read synchronously when a beat of fold f
//           is accepted, so that they enter stage 1 with it. BOUNDS_FILE: one word of 2*STREAM_WIDTH bits,
//           {hi, lo}. SHIFT_FILE: one SHIFT_WIDTH-bit word, 0..MAX_SHIFT.
// Pipeline  stage 1: the accepted beat and its fold's slopes; stage 2: the products x*m (a multiplier's
//           output register); then rounding shift and clamp into an axis_fifo of depth 4. A credit count
//           (beats accepted and not yet delivered) keeps s_axis_x_tready a register without overrunning
//           the FIFO.
// Latency   3 cycles: a beat accepted in cycle n is valid on m_axis_y in cycle n + 3.
// Rate      1 beat per cycle: a run of B beats lasts B + 3 cycles from first input to last output.
// Reset     ap_rst_n, active low, synchronous; the fold counter restarts at 0. Data registers are not reset.
`timescale 1ns / 1ps
`default_nettype none

module piecewise_unit #(
    parameter integer CHANNELS     = 1,   // channels per pixel, >= 1
    parameter integer LANES        = 1,   // channels per beat, divides CHANNELS
    parameter integer STREAM_WIDTH = 8,   // bits of one signed stream value, 2..31
    parameter integer MULT_WIDTH   = 24,  // bits of one signed slope, 2..32
    parameter integer MUL_SPLIT    = 0,   // mul_split's LO_WIDTH for the product (0: one multiplication)
    parameter         POS_FILE     = "",  // $readmemh image of the slopes for x > 0, FOLDS words
    parameter         NEG_FILE     = "",  // $readmemh image of the slopes for x <= 0, FOLDS words
    parameter         BOUNDS_FILE  = "",  // $readmemh image of {hi, lo}, one word
    parameter         SHIFT_FILE   = "",  // $readmemh image of the rounding shift, one word
    // Read by synthesis only, in the ram_style/rom_style attributes of the memories.
    /* verilator lint_off UNUSEDPARAM */
    parameter         SLOPE_STYLE = "logic",  // rom_style of the slope ROMs: "logic" or "block"
    parameter         FIFO_STYLE = "distributed"   // ram_style of the output FIFO
    /* verilator lint_on UNUSEDPARAM */
) (
    input  wire                             ap_clk,
    input  wire                             ap_rst_n,
    input  wire [LANES*STREAM_WIDTH-1:0]    s_axis_x_tdata,
    input  wire                             s_axis_x_tvalid,
    output wire                             s_axis_x_tready,
    output wire [LANES*STREAM_WIDTH-1:0]    m_axis_y_tdata,
    output wire                             m_axis_y_tvalid,
    input  wire                             m_axis_y_tready
);
    // Beats per pixel, and words of the slope ROMs.
    localparam integer FOLDS = CHANNELS / LANES;
    // Bits of the fold counter (1 when there is a single fold).
    localparam integer FOLD_WIDTH = FOLDS > 1 ? $clog2(FOLDS) : 1;
    // The exact product of a value and a slope.
    localparam integer PROD_WIDTH = STREAM_WIDTH + MULT_WIDTH;
    // The stored shift and its largest value.
    localparam integer SHIFT_WIDTH = 6;
    localparam integer MAX_SHIFT = 47;
    // product + 2^(shift-1) without overflow for every legal shift.
    localparam integer SUM_WIDTH = (PROD_WIDTH > MAX_SHIFT ? PROD_WIDTH : MAX_SHIFT) + 1;
    // Beats the output FIFO holds: the two pipeline stages plus two, for one beat per cycle.
    localparam integer OUT_DEPTH = 4;
    localparam integer CREDIT_WIDTH = 3;

    generate
        if (CHANNELS < 1 || LANES < 1 || LANES > CHANNELS || CHANNELS % LANES != 0 || STREAM_WIDTH < 2
                || STREAM_WIDTH > 31 || MULT_WIDTH < 2 || MULT_WIDTH > 32) begin : g_illegal_parameters
`ifdef __ICARUS__
            // Icarus 11 has no elaboration-time $error: stop at time 0 instead.
            initial $fatal(1, "piecewise_unit: illegal parameters CHANNELS = %0d, LANES = %0d, STREAM_WIDTH = %0d, MULT_WIDTH = %0d (need LANES to divide CHANNELS, STREAM_WIDTH 2..31, MULT_WIDTH 2..32)",
                           CHANNELS, LANES, STREAM_WIDTH, MULT_WIDTH);
`else
            $error("piecewise_unit: illegal parameters CHANNELS = %0d, LANES = %0d, STREAM_WIDTH = %0d, MULT_WIDTH = %0d (need LANES to divide CHANNELS, STREAM_WIDTH 2..31, MULT_WIDTH 2..32)",
                   CHANNELS, LANES, STREAM_WIDTH, MULT_WIDTH);
`endif
        end
    endgenerate

    (* rom_style = SLOPE_STYLE *) reg [LANES*MULT_WIDTH-1:0] pos_rom    [0:FOLDS-1];
    (* rom_style = SLOPE_STYLE *) reg [LANES*MULT_WIDTH-1:0] neg_rom    [0:FOLDS-1];
    (* rom_style = "logic" *) reg [2*STREAM_WIDTH-1:0]   bounds_rom [0:0];
    (* rom_style = "logic" *) reg [SHIFT_WIDTH-1:0]      shift_rom  [0:0];
    initial begin
        $readmemh(POS_FILE, pos_rom);
        $readmemh(NEG_FILE, neg_rom);
        $readmemh(BOUNDS_FILE, bounds_rom);
        $readmemh(SHIFT_FILE, shift_rom);
    end

    // ---- Input and credits: accept while fewer than OUT_DEPTH beats are in the pipeline and the FIFO.
    reg                    in_ready;
    reg [CREDIT_WIDTH-1:0] held;

    wire accept = s_axis_x_tvalid && in_ready;
    wire pop = m_axis_y_tvalid && m_axis_y_tready;
    wire [CREDIT_WIDTH-1:0] held_next = held + {{(CREDIT_WIDTH-1){1'b0}}, accept}
                                              - {{(CREDIT_WIDTH-1){1'b0}}, pop};

    always @(posedge ap_clk) begin
        if (!ap_rst_n) begin
            in_ready <= 1'b1;
            held <= {CREDIT_WIDTH{1'b0}};
        end else begin
            in_ready <= held_next < OUT_DEPTH[CREDIT_WIDTH-1:0];
            held <= held_next;
        end
    end

    // ---- Stage 1: the accepted beat and the slopes of its fold.
    reg                          s1_valid;
    reg [LANES*STREAM_WIDTH-1:0] s1_x;
    reg [LANES*MULT_WIDTH-1:0]   s1_pos;
    reg [LANES*MULT_WIDTH-1:0]   s1_neg;

    generate
        if (FOLDS == 1) begin : g_single_fold
            always @(posedge ap_clk) begin
                if (accept) begin
                    s1_pos <= pos_rom[0];
                    s1_neg <= neg_rom[0];
                end
            end
        end else begin : g_folds
            reg  [FOLD_WIDTH-1:0] fold;
            wire [FOLD_WIDTH-1:0] last_fold = FOLDS[FOLD_WIDTH-1:0] - 1'b1;

            always @(posedge ap_clk) begin
                if (!ap_rst_n) begin
                    fold <= {FOLD_WIDTH{1'b0}};
                end else if (accept) begin
                    fold <= fold == last_fold ? {FOLD_WIDTH{1'b0}} : fold + 1'b1;
                end
                if (accept) begin
                    s1_pos <= pos_rom[fold];
                    s1_neg <= neg_rom[fold];
                end
            end
        end
    endgenerate

    always @(posedge ap_clk) begin
        if (!ap_rst_n) begin
            s1_valid <= 1'b0;
        end else begin
            s1_valid <= accept;
        end
        if (accept) begin
            s1_x <= s_axis_x_tdata;
        end
    end

    // ---- Stage 2: the products; then rounding and the clamp into the output FIFO.
    reg s2_valid;
    always @(posedge ap_clk) begin
        if (!ap_rst_n) begin
            s2_valid <= 1'b0;
        end else begin
            s2_valid <= s1_valid;
        end
    end

    wire [SHIFT_WIDTH-1:0]         shift = shift_rom[0];
    wire [SUM_WIDTH-1:0]           half = {{(SUM_WIDTH-1){1'b0}}, 1'b1} << shift >> 1;
    wire signed [STREAM_WIDTH-1:0] lo = bounds_rom[0][STREAM_WIDTH-1:0];
    wire signed [STREAM_WIDTH-1:0] hi = bounds_rom[0][2*STREAM_WIDTH-1:STREAM_WIDTH];
    wire signed [SUM_WIDTH-1:0]    lo_wide = {{(SUM_WIDTH-STREAM_WIDTH){lo[STREAM_WIDTH-1]}}, lo};
    wire signed [SUM_WIDTH-1:0]    hi_wide = {{(SUM_WIDTH-STREAM_WIDTH){hi[STREAM_WIDTH-1]}}, hi};
    wire [LANES*STREAM_WIDTH-1:0]  results;

    genvar i;
    generate
        for (i = 0; i < LANES; i = i + 1) begin : g_lane
            wire signed [STREAM_WIDTH-1:0] x = s1_x[i*STREAM_WIDTH +: STREAM_WIDTH];
            wire                           positive = !x[STREAM_WIDTH-1] && |x;
            wire signed [MULT_WIDTH-1:0]   m = positive ? s1_pos[i*MULT_WIDTH +: MULT_WIDTH]
                                                        : s1_neg[i*MULT_WIDTH +: MULT_WIDTH];
            wire signed [PROD_WIDTH-1:0]   x_m;
            mul_split #(
                .A_WIDTH(STREAM_WIDTH),
                .B_WIDTH(MULT_WIDTH),
                .LO_WIDTH(MUL_SPLIT)
            ) mul (
                .a(x),
                .b(m),
                .y(x_m)
            );
            reg  signed [PROD_WIDTH-1:0]   product;
            always @(posedge ap_clk) begin
                if (s1_valid) begin
                    product <= x_m;
                end
            end

            wire signed [SUM_WIDTH-1:0] rounded =
                $signed({{(SUM_WIDTH-PROD_WIDTH){product[PROD_WIDTH-1]}}, product} + half) >>> shift;
            // min(hi, max(lo, r)) in the golden model's order, so that lo > hi gives hi as it does there.
            wire below = rounded < lo_wide;
            wire above = below ? lo > hi : rounded > hi_wide;
            assign results[i*STREAM_WIDTH +: STREAM_WIDTH] = above ? hi : below ? lo : rounded[STREAM_WIDTH-1:0];
        end
    endgenerate

    wire fifo_ready;
    axis_fifo #(
        .DATA_WIDTH(LANES * STREAM_WIDTH),
        .DEPTH(OUT_DEPTH),
        .MEM_STYLE(FIFO_STYLE)
    ) output_stage (
        .ap_clk(ap_clk),
        .ap_rst_n(ap_rst_n),
        .s_axis_in_tdata(results),
        .s_axis_in_tvalid(s2_valid),
        .s_axis_in_tready(fifo_ready),
        .m_axis_out_tdata(m_axis_y_tdata),
        .m_axis_out_tvalid(m_axis_y_tvalid),
        .m_axis_out_tready(m_axis_y_tready)
    );

    // The credits guarantee that the FIFO is ready whenever a result arrives.
    wire unused_fifo_ready = fifo_ready;

    assign s_axis_x_tready = in_ready;
endmodule

`default_nettype wire
