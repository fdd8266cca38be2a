// axis_tap: writes every beat that moves on a stream to a file, for verification builds only (never in the product
// RTL: `verify` taps every stream that carries a layer's output, to compare it with the golden model's tensor).
//
// Function  one line per transfer (tvalid and tready high at a rising edge): the cycle, counted from 0 at the first
//           edge after reset, and tdata in hex. The stream is only read.
// Reset     ap_rst_n, active low, synchronous: the cycle count restarts at 0.
`timescale 1ns / 1ps
`default_nettype none

module axis_tap #(
    parameter integer DATA_WIDTH = 32,        // bits of one beat, >= 1
    parameter         FILE       = "tap.log"  // the file the beats go to, relative to the simulator's directory
) (
    input  wire                  ap_clk,
    input  wire                  ap_rst_n,
    input  wire [DATA_WIDTH-1:0] tdata,
    input  wire                  tvalid,
    input  wire                  tready
);
    integer     fd;
    reg  [63:0] cycle;

    initial begin
        fd = $fopen(FILE, "w");
    end

    always @(posedge ap_clk) begin
        if (!ap_rst_n) begin
            cycle <= 64'd0;
        end else begin
            if (tvalid && tready) begin
                $fwrite(fd, "%0d %h\n", cycle, tdata);
            end
            cycle <= cycle + 64'd1;
        end
    end
endmodule

`default_nettype wire
