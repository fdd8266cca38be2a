// threshold_unit: signed stream values in, activation bits out, one bit per channel.
//
// Function  bit = (x >= T[c]) for every value x of channel c, signed; the first step of a binary
//           convolution (golden model: BinaryConvLayer.activationBits).
// Order     pixel-major, channels folded by SIMD: per pixel FOLDS = CHANNELS / SIMD beats, beat f
//           carrying channels f*SIMD .. f*SIMD + SIMD - 1. Input lane i (channel f*SIMD + i) is
//           s_axis_values_tdata[i*STREAM_WIDTH +: STREAM_WIDTH], output lane i is m_axis_bits_tdata[i].
//           The fold counter restarts at 0 after reset and after beat FOLDS - 1.
// ROM       FOLDS words of SIMD * (STREAM_WIDTH + 1) bits from THRESHOLD_FILE ($readmemh), word f
//           holding the thresholds of beat f, lane i in bits [i*(STREAM_WIDTH+1) +: STREAM_WIDTH+1].
//           Thresholds span [-2^(STREAM_WIDTH-1), 2^(STREAM_WIDTH-1)]: one more than the stream range,
//           so that a channel can be always 0. The ROM is read synchronously, one fold ahead.
// Latency   1 cycle: a beat accepted in cycle n is valid on m_axis_bits in cycle n + 1.
// Rate      1 beat per cycle. Every output is a register: the bits enter an axis_fifo of depth 2.
// Reset     ap_rst_n, active low, synchronous.
`timescale 1ns / 1ps
`default_nettype none

module threshold_unit #(
    parameter integer CHANNELS       = 1,  // channels per pixel, >= 1
    parameter integer SIMD           = 1,  // channels per beat, divides CHANNELS
    parameter integer STREAM_WIDTH   = 8,  // bits of one signed stream value, >= 2
    parameter         THRESHOLD_FILE = "", // $readmemh image of the threshold ROM, FOLDS words
    // Read by synthesis only, in the ram_style/rom_style attributes of the memories.
    /* verilator lint_off UNUSEDPARAM */
    parameter         THRESHOLD_STYLE = "logic"   // rom_style of the threshold ROM: "logic" or "block"
    /* verilator lint_on UNUSEDPARAM */
) (
    input  wire                           ap_clk,
    input  wire                           ap_rst_n,
    input  wire [SIMD*STREAM_WIDTH-1:0]   s_axis_values_tdata,
    input  wire                           s_axis_values_tvalid,
    output wire                           s_axis_values_tready,
    output wire [SIMD-1:0]                m_axis_bits_tdata,
    output wire                           m_axis_bits_tvalid,
    input  wire                           m_axis_bits_tready
);
    // Beats per pixel, and ROM words.
    localparam integer FOLDS = CHANNELS / SIMD;
    // Bits of one threshold: the stream range plus the value above it.
    localparam integer THRESHOLD_WIDTH = STREAM_WIDTH + 1;
    // Bits of the fold counter (1 when there is a single fold).
    localparam integer FOLD_WIDTH = FOLDS > 1 ? $clog2(FOLDS) : 1;

    generate
        if (CHANNELS < 1 || SIMD < 1 || SIMD > CHANNELS || CHANNELS % SIMD != 0 || STREAM_WIDTH < 2) begin : g_illegal_parameters
`ifdef __ICARUS__
            // Icarus 11 has no elaboration-time $error: stop at time 0 instead.
            initial $fatal(1, "threshold_unit: illegal parameters CHANNELS = %0d, SIMD = %0d, STREAM_WIDTH = %0d (need SIMD to divide CHANNELS, STREAM_WIDTH >= 2)",
                           CHANNELS, SIMD, STREAM_WIDTH);
`else
            $error("threshold_unit: illegal parameters CHANNELS = %0d, SIMD = %0d, STREAM_WIDTH = %0d (need SIMD to divide CHANNELS, STREAM_WIDTH >= 2)",
                   CHANNELS, SIMD, STREAM_WIDTH);
`endif
        end
    endgenerate

    (* rom_style = THRESHOLD_STYLE *) reg [SIMD*THRESHOLD_WIDTH-1:0] rom [0:FOLDS-1];
    initial begin
        $readmemh(THRESHOLD_FILE, rom);
    end

    // The thresholds of the beat that is offered now: rom[fold].
    reg [SIMD*THRESHOLD_WIDTH-1:0] thresholds;

    generate
        if (FOLDS == 1) begin : g_single_fold
            always @(posedge ap_clk) begin
                thresholds <= rom[0];
            end
        end else begin : g_folds
            wire                  accept = s_axis_values_tvalid && s_axis_values_tready;
            reg  [FOLD_WIDTH-1:0] fold;
            wire [FOLD_WIDTH-1:0] last_fold = FOLDS[FOLD_WIDTH-1:0] - 1'b1;
            wire [FOLD_WIDTH-1:0] fold_next = fold == last_fold ? {FOLD_WIDTH{1'b0}} : fold + 1'b1;
            // Read one fold ahead so that the ROM's output register holds rom[fold] in every cycle.
            wire [FOLD_WIDTH-1:0] read_addr = !ap_rst_n ? {FOLD_WIDTH{1'b0}} : accept ? fold_next : fold;

            always @(posedge ap_clk) begin
                if (!ap_rst_n) begin
                    fold <= {FOLD_WIDTH{1'b0}};
                end else if (accept) begin
                    fold <= fold_next;
                end
                thresholds <= rom[read_addr];
            end
        end
    endgenerate

    wire [SIMD-1:0] bits;
    genvar i;
    generate
        for (i = 0; i < SIMD; i = i + 1) begin : g_lane
            wire signed [STREAM_WIDTH-1:0]    x = s_axis_values_tdata[i*STREAM_WIDTH +: STREAM_WIDTH];
            wire signed [THRESHOLD_WIDTH-1:0] t = thresholds[i*THRESHOLD_WIDTH +: THRESHOLD_WIDTH];
            // Sign-extend x to the threshold's width; both operands signed, so the comparison is signed.
            assign bits[i] = $signed({x[STREAM_WIDTH-1], x}) >= t;
        end
    endgenerate

    axis_fifo #(
        .DATA_WIDTH(SIMD),
        .DEPTH(2)
    ) output_stage (
        .ap_clk(ap_clk),
        .ap_rst_n(ap_rst_n),
        .s_axis_in_tdata(bits),
        .s_axis_in_tvalid(s_axis_values_tvalid),
        .s_axis_in_tready(s_axis_values_tready),
        .m_axis_out_tdata(m_axis_bits_tdata),
        .m_axis_out_tvalid(m_axis_bits_tvalid),
        .m_axis_out_tready(m_axis_bits_tready)
    );
endmodule

`default_nettype wire
