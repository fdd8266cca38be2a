// stream_add: the lane-by-lane saturating sum of two streams in the same order (a residual addition).
//
// Function  y = saturate_STREAM_WIDTH(a + b) for every pair of values, the k-th beat of a with the k-th
//           beat of b (golden model: AddLayer.apply).
// Order     pixel-major, channels folded by LANES: per pixel CHANNELS / LANES beats on each stream, lane i
//           in [i*STREAM_WIDTH +: STREAM_WIDTH], two's complement. One output beat per pair of input beats,
//           same order. The sum does not depend on the channel, so the block counts nothing.
// Pairing   Each input has a one-beat holding register, and its tready is the register "holding nothing".
//           A beat that arrives without its partner, or while the output stage is full, waits there; the
//           stream that delivered it then stalls until the pair has gone out. So both inputs are taken in
//           the same cycle whenever both are valid and neither holds a beat (the steady state), one input
//           is never more than one beat ahead of the other, and a pair is summed in the cycle in which its
//           later beat arrives.
// Latency   1 cycle: a pair complete in cycle n (both beats accepted or held) is valid on m_axis_y in cycle
//           n + 1 when the output stage has room.
// Rate      1 beat per cycle: a run of B beats lasts B + 1 cycles from first input to last output. Every
//           output is a register: the sums enter an axis_fifo of depth 2.
// Reset     ap_rst_n, active low, synchronous; it empties the holding registers.
`timescale 1ns / 1ps
`default_nettype none

module stream_add #(
    parameter integer CHANNELS     = 1,  // channels per pixel, >= 1
    parameter integer LANES        = 1,  // channels per beat, divides CHANNELS
    parameter integer STREAM_WIDTH = 8   // bits of one signed stream value, 2..31
) (
    input  wire                             ap_clk,
    input  wire                             ap_rst_n,
    input  wire [LANES*STREAM_WIDTH-1:0]    s_axis_a_tdata,
    input  wire                             s_axis_a_tvalid,
    output wire                             s_axis_a_tready,
    input  wire [LANES*STREAM_WIDTH-1:0]    s_axis_b_tdata,
    input  wire                             s_axis_b_tvalid,
    output wire                             s_axis_b_tready,
    output wire [LANES*STREAM_WIDTH-1:0]    m_axis_y_tdata,
    output wire                             m_axis_y_tvalid,
    input  wire                             m_axis_y_tready
);
    // Bits of one beat.
    localparam integer BEAT_WIDTH = LANES * STREAM_WIDTH;

    generate
        if (CHANNELS < 1 || LANES < 1 || LANES > CHANNELS || CHANNELS % LANES != 0 || STREAM_WIDTH < 2
                || STREAM_WIDTH > 31) begin : g_illegal_parameters
`ifdef __ICARUS__
            // Icarus 11 has no elaboration-time $error: stop at time 0 instead.
            initial $fatal(1, "stream_add: illegal parameters CHANNELS = %0d, LANES = %0d, STREAM_WIDTH = %0d (need LANES to divide CHANNELS, STREAM_WIDTH 2..31)",
                           CHANNELS, LANES, STREAM_WIDTH);
`else
            $error("stream_add: illegal parameters CHANNELS = %0d, LANES = %0d, STREAM_WIDTH = %0d (need LANES to divide CHANNELS, STREAM_WIDTH 2..31)",
                   CHANNELS, LANES, STREAM_WIDTH);
`endif
        end
    endgenerate

    // Per input: whether the holding register is empty (also the input's tready), and its beat.
    reg                  a_free;
    reg                  b_free;
    reg [BEAT_WIDTH-1:0] a_hold;
    reg [BEAT_WIDTH-1:0] b_hold;

    wire out_ready;
    wire take_a = s_axis_a_tvalid && a_free;
    wire take_b = s_axis_b_tvalid && b_free;
    wire have_a = take_a || !a_free;
    wire have_b = take_b || !b_free;
    // The pair goes out when both beats are there and the output stage takes it.
    wire pair = have_a && have_b;
    wire push = pair && out_ready;
    wire [BEAT_WIDTH-1:0] a = a_free ? s_axis_a_tdata : a_hold;
    wire [BEAT_WIDTH-1:0] b = b_free ? s_axis_b_tdata : b_hold;

    always @(posedge ap_clk) begin
        if (!ap_rst_n) begin
            a_free <= 1'b1;
            b_free <= 1'b1;
        end else begin
            a_free <= !have_a || push;
            b_free <= !have_b || push;
        end
        if (take_a && !push) begin
            a_hold <= s_axis_a_tdata;
        end
        if (take_b && !push) begin
            b_hold <= s_axis_b_tdata;
        end
    end

    wire signed [STREAM_WIDTH-1:0] value_max = {1'b0, {(STREAM_WIDTH-1){1'b1}}};
    wire signed [STREAM_WIDTH-1:0] value_min = {1'b1, {(STREAM_WIDTH-1){1'b0}}};
    wire [BEAT_WIDTH-1:0] sums;

    genvar i;
    generate
        for (i = 0; i < LANES; i = i + 1) begin : g_lane
            wire [STREAM_WIDTH-1:0] x = a[i*STREAM_WIDTH +: STREAM_WIDTH];
            wire [STREAM_WIDTH-1:0] z = b[i*STREAM_WIDTH +: STREAM_WIDTH];
            wire [STREAM_WIDTH:0]   sum = {x[STREAM_WIDTH-1], x} + {z[STREAM_WIDTH-1], z};
            // Overflow when the carry into the sign differs from the one out of it.
            wire overflow = sum[STREAM_WIDTH] != sum[STREAM_WIDTH-1];
            assign sums[i*STREAM_WIDTH +: STREAM_WIDTH] = !overflow ? sum[STREAM_WIDTH-1:0]
                                                        : sum[STREAM_WIDTH] ? value_min : value_max;
        end
    endgenerate

    axis_fifo #(
        .DATA_WIDTH(BEAT_WIDTH),
        .DEPTH(2)
    ) output_stage (
        .ap_clk(ap_clk),
        .ap_rst_n(ap_rst_n),
        .s_axis_in_tdata(sums),
        .s_axis_in_tvalid(pair),
        .s_axis_in_tready(out_ready),
        .m_axis_out_tdata(m_axis_y_tdata),
        .m_axis_out_tvalid(m_axis_y_tvalid),
        .m_axis_out_tready(m_axis_y_tready)
    );

    assign s_axis_a_tready = a_free;
    assign s_axis_b_tready = b_free;
endmodule

`default_nettype wire
