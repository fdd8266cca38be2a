// stream_fork: one AXI-Stream in, OUTPUTS copies out, each output with its own back-pressure.
//
// Function  every beat of s_axis_x appears, unchanged and in order, on each of the OUTPUTS streams
//           m_axis_y (output k in m_axis_y_tdata[k*DATA_WIDTH +: DATA_WIDTH], m_axis_y_tvalid[k],
//           m_axis_y_tready[k]); used where a feature map feeds two consumers (a residual branch).
// Stages    each output ends in its own axis_fifo of STAGE_DEPTH = 2 beats, so a consumer that stalls
//           for a cycle does not hold back a beat the others could take. A credit count per output
//           (beats held in its stage) decides s_axis_x_tready: an input beat is accepted only when every
//           stage has room after the edge, so no stage ever overflows and each stage's own ready is unused.
// Latency   1 cycle: a beat accepted in cycle n is valid on every output in cycle n + 1 (stages empty).
// Rate      1 beat per cycle while every consumer takes one per cycle; an output stalled for longer than
//           its stage can absorb stalls the input.
// Ready     s_axis_x_tready is a register: high in cycle n + 1 exactly when every stage holds fewer than
//           STAGE_DEPTH beats after the edge ending cycle n. It is high in the first cycle after reset.
// Reset     ap_rst_n, active low, synchronous; it empties every stage.
`timescale 1ns / 1ps
`default_nettype none

module stream_fork #(
    parameter integer DATA_WIDTH = 8,  // bits of one beat, >= 1
    parameter integer OUTPUTS    = 2   // output streams, 2..64
) (
    input  wire                          ap_clk,
    input  wire                          ap_rst_n,
    input  wire [DATA_WIDTH-1:0]         s_axis_x_tdata,
    input  wire                          s_axis_x_tvalid,
    output wire                          s_axis_x_tready,
    output wire [OUTPUTS*DATA_WIDTH-1:0] m_axis_y_tdata,
    output wire [OUTPUTS-1:0]            m_axis_y_tvalid,
    input  wire [OUTPUTS-1:0]            m_axis_y_tready
);
    // Beats each output stage holds: two, the least that keeps 1 beat per cycle with a registered ready.
    localparam integer STAGE_DEPTH = 2;

    generate
        if (DATA_WIDTH < 1 || OUTPUTS < 2 || OUTPUTS > 64) begin : g_illegal_parameters
`ifdef __ICARUS__
            // Icarus 11 has no elaboration-time $error: stop at time 0 instead.
            initial $fatal(1, "stream_fork: illegal parameters DATA_WIDTH = %0d, OUTPUTS = %0d (need DATA_WIDTH >= 1, OUTPUTS 2..64)",
                           DATA_WIDTH, OUTPUTS);
`else
            $error("stream_fork: illegal parameters DATA_WIDTH = %0d, OUTPUTS = %0d (need DATA_WIDTH >= 1, OUTPUTS 2..64)",
                   DATA_WIDTH, OUTPUTS);
`endif
        end
    endgenerate

    reg                in_ready;
    wire               push = s_axis_x_tvalid && in_ready;
    // Per output: whether its stage has room after this edge.
    wire [OUTPUTS-1:0] room_next;
    wire [OUTPUTS-1:0] unused_stage_ready;

    genvar k;
    generate
        for (k = 0; k < OUTPUTS; k = k + 1) begin : g_output
            // Beats held in this output's stage, 0..STAGE_DEPTH: the credit count.
            reg  [1:0] held;
            wire       pop = m_axis_y_tvalid[k] && m_axis_y_tready[k];
            wire [1:0] held_next = held + {1'b0, push} - {1'b0, pop};
            assign room_next[k] = held_next < STAGE_DEPTH[1:0];

            always @(posedge ap_clk) begin
                if (!ap_rst_n) begin
                    held <= 2'd0;
                end else begin
                    held <= held_next;
                end
            end

            axis_fifo #(
                .DATA_WIDTH(DATA_WIDTH),
                .DEPTH(STAGE_DEPTH)
            ) stage (
                .ap_clk(ap_clk),
                .ap_rst_n(ap_rst_n),
                .s_axis_in_tdata(s_axis_x_tdata),
                .s_axis_in_tvalid(push),
                .s_axis_in_tready(unused_stage_ready[k]),
                .m_axis_out_tdata(m_axis_y_tdata[k*DATA_WIDTH +: DATA_WIDTH]),
                .m_axis_out_tvalid(m_axis_y_tvalid[k]),
                .m_axis_out_tready(m_axis_y_tready[k])
            );
        end
    endgenerate

    always @(posedge ap_clk) begin
        if (!ap_rst_n) begin
            in_ready <= 1'b1;
        end else begin
            in_ready <= &room_next;
        end
    end

    assign s_axis_x_tready = in_ready;
endmodule

`default_nettype wire
