// mul_split: a signed product a * b, written so that synthesis maps it to fewer DSP slices.
//
// Function  y = a * b, exact (A_WIDTH + B_WIDTH bits, two's complement), for every LO_WIDTH.
// Split     LO_WIDTH = 0: one multiplication, mapped as the synthesis tool likes. LO_WIDTH > 0: a is cut into
//           its LO_WIDTH low bits (unsigned) and its signed rest, y = ((a_hi * b) << LO_WIDTH) + a_lo * b. When
//           both operands are wider than a DSP's narrow port (a 28 x 24 product on a DSP48E1's 25 x 18),
//           Yosys's mul2dsp cuts the wider operand into 17-bit chunks and then the other one too (4 DSPs); cut
//           here at 17 bits, each partial product fits one DSP with b on the wide port (2 DSPs). The Java
//           side chooses LO_WIDTH (Multipliers.split) and counts the DSPs with the same rule.
// Timing    combinational; the caller registers y (the DSPs' output registers).
`timescale 1ns / 1ps
`default_nettype none

module mul_split #(
    parameter integer A_WIDTH  = 2,  // bits of a, >= 2
    parameter integer B_WIDTH  = 2,  // bits of b, >= 2
    parameter integer LO_WIDTH = 0   // low bits of a multiplied apart, 0 or 1 .. A_WIDTH-2
) (
    input  wire signed [A_WIDTH-1:0]         a,
    input  wire signed [B_WIDTH-1:0]         b,
    output wire signed [A_WIDTH+B_WIDTH-1:0] y
);
    localparam integer Y_WIDTH = A_WIDTH + B_WIDTH;

    generate
        if (A_WIDTH < 2 || B_WIDTH < 2 || LO_WIDTH < 0 || (LO_WIDTH > 0 && LO_WIDTH > A_WIDTH - 2)) begin : g_illegal_parameters
`ifdef __ICARUS__
            // Icarus 11 has no elaboration-time $error: stop at time 0 instead.
            initial $fatal(1, "mul_split: illegal parameters A_WIDTH = %0d, B_WIDTH = %0d, LO_WIDTH = %0d (need widths >= 2, LO_WIDTH 0 or 1 .. A_WIDTH-2)",
                           A_WIDTH, B_WIDTH, LO_WIDTH);
`else
            $error("mul_split: illegal parameters A_WIDTH = %0d, B_WIDTH = %0d, LO_WIDTH = %0d (need widths >= 2, LO_WIDTH 0 or 1 .. A_WIDTH-2)",
                   A_WIDTH, B_WIDTH, LO_WIDTH);
`endif
        end

        if (LO_WIDTH == 0) begin : g_whole
            assign y = $signed({{B_WIDTH{a[A_WIDTH-1]}}, a}) * $signed({{A_WIDTH{b[B_WIDTH-1]}}, b});
        end else begin : g_split
            localparam integer HI_WIDTH = A_WIDTH - LO_WIDTH;
            localparam integer LO_PROD = LO_WIDTH + 1 + B_WIDTH;
            localparam integer HI_PROD = HI_WIDTH + B_WIDTH;
            wire signed [LO_WIDTH:0]   a_lo = {1'b0, a[LO_WIDTH-1:0]};
            wire signed [HI_WIDTH-1:0] a_hi = a[A_WIDTH-1:LO_WIDTH];
            wire signed [LO_PROD-1:0]  p_lo = $signed({{B_WIDTH{1'b0}}, a_lo})
                                              * $signed({{(LO_WIDTH+1){b[B_WIDTH-1]}}, b});
            wire signed [HI_PROD-1:0]  p_hi = $signed({{B_WIDTH{a_hi[HI_WIDTH-1]}}, a_hi})
                                              * $signed({{HI_WIDTH{b[B_WIDTH-1]}}, b});
            assign y = $signed({p_hi, {LO_WIDTH{1'b0}}})
                     + $signed({{(Y_WIDTH-LO_PROD){p_lo[LO_PROD-1]}}, p_lo});
        end
    endgenerate
endmodule

`default_nettype wire
