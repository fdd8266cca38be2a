// Hand-written designs of known logic depth for LogicDepthIT: every path starts and ends at a register.

// A 64-input AND between registers: LUT6 covers 6 inputs, so it needs ceil(log6 64) = 3 levels of LUTs.
module depth_and64 (
    input  wire        clk,
    input  wire [63:0] a,
    output reg         y
);
    reg [63:0] r;
    always @(posedge clk) begin
        r <= a;
        y <= &r;
    end
endmodule

// A 32-bit adder between registers: one LUT level (the propagate XORs) and a chain of 8 CARRY4.
module depth_add32 (
    input  wire        clk,
    input  wire [31:0] a,
    input  wire [31:0] b,
    output reg  [31:0] s
);
    reg [31:0] ra, rb;
    always @(posedge clk) begin
        ra <= a;
        rb <= b;
        s <= ra + rb;
    end
endmodule

// A shift register: no logic between the registers.
module depth_shift (
    input  wire       clk,
    input  wire [3:0] a,
    output reg  [3:0] y
);
    reg [3:0] r;
    always @(posedge clk) begin
        r <= a;
        y <= r;
    end
endmodule

// A 16 x 16 product XORed with a third register: Yosys packs the operand registers into the DSP48E1 (AREG, BREG) and
// leaves the XOR in LUTs, so the path starts at the DSP's input registers and goes through its multiplier.
module depth_mul_xor (
    input  wire               clk,
    input  wire signed [15:0] a,
    input  wire signed [15:0] b,
    input  wire signed [31:0] c,
    output reg  signed [31:0] p
);
    reg signed [15:0] ra, rb;
    reg signed [31:0] rc;
    always @(posedge clk) begin
        ra <= a;
        rb <= b;
        rc <= c;
        p <= (ra * rb) ^ rc;
    end
endmodule
