// axis_tlast: marks the last beat of every frame of FRAME beats on a stream with tlast.
//
// Function  m_axis carries the s_axis beats unchanged (tdata, tvalid and tready are wires: this block adds
//           no logic and no register on the stream itself); m_axis_tlast is high on beats FRAME - 1,
//           2*FRAME - 1, ... counted from reset. The accelerator uses it to mark the last class of each
//           image on its output.
// Latency   0 cycles. Rate: 1 beat per cycle.
// Outputs   tdata and tvalid come from the upstream block's registers; tlast is decoded from the beat
//           counter register alone, so no output depends combinationally on an input but tready, which is
//           the downstream tready passed on unchanged.
// Reset     ap_rst_n, active low, synchronous; the counter restarts at 0.
`timescale 1ns / 1ps
`default_nettype none

module axis_tlast #(
    parameter integer DATA_WIDTH = 32,  // bits of one beat, >= 1
    parameter integer FRAME      = 10   // beats per frame, >= 1
) (
    input  wire                  ap_clk,
    input  wire                  ap_rst_n,
    input  wire [DATA_WIDTH-1:0] s_axis_tdata,
    input  wire                  s_axis_tvalid,
    output wire                  s_axis_tready,
    output wire [DATA_WIDTH-1:0] m_axis_tdata,
    output wire                  m_axis_tvalid,
    input  wire                  m_axis_tready,
    output wire                  m_axis_tlast
);
    // Bits of the beat counter 0 .. FRAME - 1 (at least 1).
    localparam integer COUNT_WIDTH = FRAME > 1 ? $clog2(FRAME) : 1;

    generate
        if (DATA_WIDTH < 1 || FRAME < 1) begin : g_illegal_parameters
`ifdef __ICARUS__
            initial $fatal(1, "axis_tlast: illegal parameters DATA_WIDTH = %0d, FRAME = %0d (both must be >= 1)",
                           DATA_WIDTH, FRAME);
`else
            $error("axis_tlast: illegal parameters DATA_WIDTH = %0d, FRAME = %0d (both must be >= 1)",
                   DATA_WIDTH, FRAME);
`endif
        end
    endgenerate

    reg [COUNT_WIDTH-1:0] count;
    wire last = count == COUNT_WIDTH'(FRAME - 1);

    always @(posedge ap_clk) begin
        if (!ap_rst_n) begin
            count <= {COUNT_WIDTH{1'b0}};
        end else if (s_axis_tvalid && m_axis_tready) begin
            count <= last ? {COUNT_WIDTH{1'b0}} : count + 1'b1;
        end
    end

    assign m_axis_tdata  = s_axis_tdata;
    assign m_axis_tvalid = s_axis_tvalid;
    assign s_axis_tready = m_axis_tready;
    assign m_axis_tlast  = last;
endmodule

`default_nettype wire
