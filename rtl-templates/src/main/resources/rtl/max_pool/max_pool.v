// max_pool: max pooling over the windows of a sliding_window, SIMD channels per beat.
//
// Function  per output pixel and channel c: out = the largest value of channel c over the window's taps
//           with tap_valid = 1 (golden model: MaxPoolLayer.apply; PyTorch pads with -infinity, so padded
//           taps never win). A padded tap enters the reduction as -2^(STREAM_WIDTH-1), the smallest stream
//           value, which leaves the maximum unchanged; every legal pooling window (PADDING <= KERNEL/2) has
//           at least one tap inside the image.
// Input     per output pixel TAPS*FOLDS beats (FOLDS = CHANNELS/SIMD) in the order ky (outer), kx, channel
//           fold f (inner); s_axis_window_tdata = {tap_valid, SIMD lanes}, channel f*SIMD + i in lane i,
//           bits [i*STREAM_WIDTH +: STREAM_WIDTH], two's complement. Images follow each other without a gap.
// Output    per output pixel FOLDS beats, beat f carrying channels f*SIMD .. f*SIMD + SIMD - 1 (pixel-major,
//           the order of every feature stream), lane i in m_axis_values_tdata[i*STREAM_WIDTH +: STREAM_WIDTH].
// Schedule  Folds are innermost in the window, so the block keeps one running maximum per fold: FOLDS words
//           of SIMD*STREAM_WIDTH bits. Stage 0 accepts a beat and reads its fold's word (a RAM with a
//           registered read; a plain register when FOLDS = 1, where consecutive beats update the same word);
//           stage 1 takes the maximum, writes it back and, on the window's last tap, pushes it into the
//           output axis_fifo. Consecutive beats have different folds when FOLDS > 1, so the word a beat
//           reads was written at least one edge earlier.
// Latency   2 cycles from the acceptance of a fold's last beat to its output beat being valid.
// Rate      1 input beat per cycle; FOLDS output beats per output pixel. A run of P output pixels without
//           stalls lasts P*TAPS*FOLDS + 2 cycles from the first input beat to the last output beat. A beat
//           of the last tap is accepted only with a credit: a free place in the output FIFO, which counts
//           the results in stage 1 as well (OUT_DEPTH = 3, enough for one result per cycle).
// Reset     ap_rst_n, active low, synchronous; the tap and fold counters restart at 0.
`timescale 1ns / 1ps
`default_nettype none

module max_pool #(
    parameter integer CHANNELS     = 1,  // channels C, >= 1
    parameter integer SIMD         = 1,  // channels per beat, divides CHANNELS
    parameter integer STREAM_WIDTH = 8,  // bits of one signed value, 2..31
    parameter integer TAPS         = 1,  // window taps K*K, >= 1
    // Read by synthesis only, in the ram_style/rom_style attributes of the memories.
    /* verilator lint_off UNUSEDPARAM */
    parameter         MAXIMA_STYLE = "distributed",  // ram_style of the running maxima: "distributed", "block" or "logic"
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
    // Beats per tap and words of the running maxima.
    localparam integer FOLDS = CHANNELS / SIMD;
    localparam integer LANES_WIDTH = SIMD * STREAM_WIDTH;
    // Results the output FIFO holds: one per cycle needs room for the one in stage 1 and the one leaving.
    localparam integer OUT_DEPTH = 3;
    localparam integer CREDIT_WIDTH = 2;
    localparam integer FOLD_WIDTH = FOLDS > 1 ? $clog2(FOLDS) : 1;
    localparam integer TAP_WIDTH = TAPS > 1 ? $clog2(TAPS) : 1;

    generate
        if (CHANNELS < 1 || SIMD < 1 || SIMD > CHANNELS || CHANNELS % SIMD != 0 || STREAM_WIDTH < 2
                || STREAM_WIDTH > 31 || TAPS < 1) begin : g_illegal_parameters
`ifdef __ICARUS__
            // Icarus 11 has no elaboration-time $error: stop at time 0 instead.
            initial $fatal(1, "max_pool: illegal parameters CHANNELS = %0d, SIMD = %0d, STREAM_WIDTH = %0d, TAPS = %0d (need SIMD to divide CHANNELS, STREAM_WIDTH 2..31, TAPS >= 1)",
                           CHANNELS, SIMD, STREAM_WIDTH, TAPS);
`else
            $error("max_pool: illegal parameters CHANNELS = %0d, SIMD = %0d, STREAM_WIDTH = %0d, TAPS = %0d (need SIMD to divide CHANNELS, STREAM_WIDTH 2..31, TAPS >= 1)",
                   CHANNELS, SIMD, STREAM_WIDTH, TAPS);
`endif
        end
    endgenerate

    // ---- Stage 0: counters, the registered ready and its credits.
    reg                    in_ready;
    reg [FOLD_WIDTH-1:0]   fold;
    reg [TAP_WIDTH-1:0]    tap;
    reg [CREDIT_WIDTH-1:0] held;   // results accepted, not yet taken from the output FIFO

    wire [FOLD_WIDTH-1:0]   last_fold = FOLDS[FOLD_WIDTH-1:0] - 1'b1;
    wire [TAP_WIDTH-1:0]    last_tap = TAPS[TAP_WIDTH-1:0] - 1'b1;
    wire [CREDIT_WIDTH-1:0] depth = OUT_DEPTH[CREDIT_WIDTH-1:0];

    wire accept = s_axis_window_tvalid && in_ready;
    wire pop = m_axis_values_tvalid && m_axis_values_tready;
    wire is_last_fold = fold == last_fold;
    wire is_last_tap = tap == last_tap;
    wire result = accept && is_last_tap;

    wire [FOLD_WIDTH-1:0]   fold_next = !accept ? fold : is_last_fold ? {FOLD_WIDTH{1'b0}} : fold + 1'b1;
    wire [TAP_WIDTH-1:0]    tap_next = !(accept && is_last_fold) ? tap : is_last_tap ? {TAP_WIDTH{1'b0}} : tap + 1'b1;
    wire [CREDIT_WIDTH-1:0] held_next = held + {{(CREDIT_WIDTH-1){1'b0}}, result} - {{(CREDIT_WIDTH-1){1'b0}}, pop};

    always @(posedge ap_clk) begin
        if (!ap_rst_n) begin
            in_ready <= 1'b1;
            fold <= {FOLD_WIDTH{1'b0}};
            tap <= {TAP_WIDTH{1'b0}};
            held <= {CREDIT_WIDTH{1'b0}};
        end else begin
            // Beats before the last tap produce nothing and never wait; a last-tap beat needs a credit.
            in_ready <= tap_next != last_tap || held_next < depth;
            fold <= fold_next;
            tap <= tap_next;
            held <= held_next;
        end
    end

    // The beat's lanes with padded taps replaced by the smallest value.
    wire                   tap_valid = s_axis_window_tdata[LANES_WIDTH];
    wire [LANES_WIDTH-1:0] lanes_in;
    genvar i;
    generate
        for (i = 0; i < SIMD; i = i + 1) begin : g_mask
            assign lanes_in[i*STREAM_WIDTH +: STREAM_WIDTH] = tap_valid ? s_axis_window_tdata[i*STREAM_WIDTH +: STREAM_WIDTH]
                                                                        : {1'b1, {(STREAM_WIDTH-1){1'b0}}};
        end
    endgenerate

    // ---- Stage 1: the beat, and the running maximum of its fold.
    reg                   s1_valid;
    reg                   s1_first;
    reg                   s1_last;
    reg [LANES_WIDTH-1:0] s1_lanes;
    wire [LANES_WIDTH-1:0] running;
    wire [LANES_WIDTH-1:0] updated;

    always @(posedge ap_clk) begin
        s1_valid <= ap_rst_n && accept;
        s1_first <= tap == {TAP_WIDTH{1'b0}};
        s1_last <= is_last_tap;
        s1_lanes <= lanes_in;
    end

    generate
        if (FOLDS == 1) begin : g_register
            reg [LANES_WIDTH-1:0] maxima;
            always @(posedge ap_clk) begin
                if (s1_valid) begin
                    maxima <= updated;
                end
            end
            assign running = maxima;
        end else begin : g_ram
            (* ram_style = MAXIMA_STYLE *) reg [LANES_WIDTH-1:0] maxima [0:FOLDS-1];
            reg [LANES_WIDTH-1:0] read;
            reg [FOLD_WIDTH-1:0]  s1_fold;
            always @(posedge ap_clk) begin
                // Read the offered beat's fold every cycle; stage 1 uses it when the beat was accepted.
                read <= maxima[fold];
                s1_fold <= fold;
                if (s1_valid) begin
                    maxima[s1_fold] <= updated;
                end
            end
            assign running = read;
        end
    endgenerate

    generate
        for (i = 0; i < SIMD; i = i + 1) begin : g_lane
            wire signed [STREAM_WIDTH-1:0] x = s1_lanes[i*STREAM_WIDTH +: STREAM_WIDTH];
            wire signed [STREAM_WIDTH-1:0] m = running[i*STREAM_WIDTH +: STREAM_WIDTH];
            assign updated[i*STREAM_WIDTH +: STREAM_WIDTH] = s1_first || x > m ? x : m;
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
        .s_axis_in_tdata(updated),
        .s_axis_in_tvalid(s1_valid && s1_last),
        .s_axis_in_tready(fifo_ready),
        .m_axis_out_tdata(m_axis_values_tdata),
        .m_axis_out_tvalid(m_axis_values_tvalid),
        .m_axis_out_tready(m_axis_values_tready)
    );

    // The credits guarantee that the FIFO is ready whenever a result arrives.
    wire unused_fifo_ready = fifo_ready;
endmodule

`default_nettype wire
