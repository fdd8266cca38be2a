// axis_stall_gate: seeded random back-pressure on one stream, for verification builds only (never in the
// product RTL: `verify` and `simulate` put one on every internal stream of an accelerator).
//
// Function  m_axis carries the s_axis beats unchanged (tdata is a wire). In a stalled cycle the gate shows
//           m_axis_tvalid low to the consumer and s_axis_tready low to the producer, so no beat moves; a
//           cycle stalls when the low byte of a 32-bit xorshift register (13, 17, 5), started at SEED, is
//           below RATE, unless the gate showed a beat the consumer did not take in the cycle before (a valid
//           beat stays valid until it moves, as AXI-Stream requires).
// Latency   0 cycles; RATE / 256 of the cycles stall.
// Model     AxisStallGateModel (simulator) computes the same register sequence, cycle for cycle.
// Reset     ap_rst_n, active low, synchronous: the register restarts at SEED.
`timescale 1ns / 1ps
`default_nettype none

module axis_stall_gate #(
    parameter integer DATA_WIDTH = 32,           // bits of one beat, >= 1
    parameter [31:0]  SEED       = 32'h00000001, // the register after reset, not 0
    parameter integer RATE       = 0             // stalled cycles in 256, 0..255
) (
    input  wire                  ap_clk,
    input  wire                  ap_rst_n,
    input  wire [DATA_WIDTH-1:0] s_axis_tdata,
    input  wire                  s_axis_tvalid,
    output wire                  s_axis_tready,
    output wire [DATA_WIDTH-1:0] m_axis_tdata,
    output wire                  m_axis_tvalid,
    input  wire                  m_axis_tready
);
    generate
        if (DATA_WIDTH < 1 || SEED == 32'h0 || RATE < 0 || RATE > 255) begin : g_illegal_parameters
`ifdef __ICARUS__
            initial $fatal(1, "axis_stall_gate: illegal parameters DATA_WIDTH = %0d, SEED = %0h, RATE = %0d (need DATA_WIDTH >= 1, SEED not 0, RATE 0..255)",
                           DATA_WIDTH, SEED, RATE);
`else
            $error("axis_stall_gate: illegal parameters DATA_WIDTH = %0d, SEED = %0h, RATE = %0d (need DATA_WIDTH >= 1, SEED not 0, RATE 0..255)",
                   DATA_WIDTH, SEED, RATE);
`endif
        end
    endgenerate

    localparam [7:0] THRESHOLD = RATE[7:0];

    reg  [31:0] state;
    reg         held;
    wire [31:0] x1 = state ^ {state[18:0], 13'b0};
    wire [31:0] x2 = x1 ^ {17'b0, x1[31:17]};
    wire [31:0] x3 = x2 ^ {x2[26:0], 5'b0};
    wire        stall = state[7:0] < THRESHOLD && !held;

    assign m_axis_tdata = s_axis_tdata;
    assign m_axis_tvalid = s_axis_tvalid && !stall;
    assign s_axis_tready = m_axis_tready && !stall;

    always @(posedge ap_clk) begin
        if (!ap_rst_n) begin
            state <= SEED;
            held <= 1'b0;
        end else begin
            state <= x3;
            held <= m_axis_tvalid && !m_axis_tready;
        end
    end
endmodule

`default_nettype wire
