// mvu_drain: the output side shared by binary_mvu and real_mvu. A fold's PE finished values leave LANES at a
// time, GROUPS = PE/LANES groups on consecutive cycles, so that LANES output stages (affine step, bias,
// rounding) serve all PE accumulators.
//
// Function  In a cycle with start high, values (PE lanes of WIDTH bits) and shared (one word that goes with
//           every group, e.g. the activation popcount) are final: group 0 leaves in that cycle, taken from
//           values and shared directly; groups 1 .. GROUPS-1 leave in the GROUPS-1 cycles after it, taken
//           from a holding register loaded with start (the accumulators behind values already work on the
//           next fold then). drain is high in every cycle a group leaves, with group_values (its LANES lanes,
//           lane i = values lane g*LANES + i), group_shared, out_group (the group's place in the output
//           pixel, 0 .. OUT_GROUPS-1, counting every group that left since reset) and group_base
//           (out_group * BASE_STEP).
// Contract  start comes at most once every GROUPS cycles (the parent guarantees GROUPS <= its beats per fold).
// Latency   combinational from start and the holding register; the parent registers what it reads.
// Reset     ap_rst_n, active low, synchronous: no group in flight, out_group 0.
`timescale 1ns / 1ps
`default_nettype none

module mvu_drain #(
    parameter integer PE           = 1,  // lanes of values, >= 1
    parameter integer LANES        = 1,  // lanes of a group, divides PE
    parameter integer WIDTH        = 1,  // bits of one lane, >= 1
    parameter integer SHARED_WIDTH = 1,  // bits of shared, >= 1
    parameter integer OUT_GROUPS   = 1,  // groups of an output pixel, a multiple of PE/LANES
    parameter integer BASE_STEP    = 1,  // group_base increment per group, >= 1
    parameter integer BASE_WIDTH   = 1   // bits of group_base, holds (OUT_GROUPS-1)*BASE_STEP
) (
    input  wire                                               ap_clk,
    input  wire                                               ap_rst_n,
    input  wire                                               start,
    input  wire [PE*WIDTH-1:0]                                values,
    input  wire [SHARED_WIDTH-1:0]                            shared,
    output wire                                               drain,
    output wire [LANES*WIDTH-1:0]                             group_values,
    output wire [SHARED_WIDTH-1:0]                            group_shared,
    output reg  [(OUT_GROUPS > 1 ? $clog2(OUT_GROUPS) : 1)-1:0] out_group,
    output reg  [BASE_WIDTH-1:0]                              group_base
);
    localparam integer GROUPS = PE / LANES;
    localparam integer GROUP_WIDTH = GROUPS > 1 ? $clog2(GROUPS) : 1;
    localparam integer OUT_GROUP_WIDTH = OUT_GROUPS > 1 ? $clog2(OUT_GROUPS) : 1;

    generate
        if (PE < 1 || LANES < 1 || PE % LANES != 0 || WIDTH < 1 || SHARED_WIDTH < 1 || OUT_GROUPS < 1
                || OUT_GROUPS % GROUPS != 0 || BASE_STEP < 1 || BASE_WIDTH < 1) begin : g_illegal_parameters
`ifdef __ICARUS__
            // Icarus 11 has no elaboration-time $error: stop at time 0 instead.
            initial $fatal(1, "mvu_drain: illegal parameters PE = %0d, LANES = %0d, WIDTH = %0d, SHARED_WIDTH = %0d, OUT_GROUPS = %0d, BASE_STEP = %0d, BASE_WIDTH = %0d (need LANES | PE, PE/LANES | OUT_GROUPS, all >= 1)",
                           PE, LANES, WIDTH, SHARED_WIDTH, OUT_GROUPS, BASE_STEP, BASE_WIDTH);
`else
            $error("mvu_drain: illegal parameters PE = %0d, LANES = %0d, WIDTH = %0d, SHARED_WIDTH = %0d, OUT_GROUPS = %0d, BASE_STEP = %0d, BASE_WIDTH = %0d (need LANES | PE, PE/LANES | OUT_GROUPS, all >= 1)",
                   PE, LANES, WIDTH, SHARED_WIDTH, OUT_GROUPS, BASE_STEP, BASE_WIDTH);
`endif
        end
    endgenerate

    genvar i;
    generate
        if (GROUPS == 1) begin : g_one_group
            assign group_values = values;
            assign group_shared = shared;
            assign drain = start;
        end else begin : g_groups
            reg [GROUP_WIDTH-1:0]          sub;      // the group leaving now when busy; 0 when idle
            reg [(PE-LANES)*WIDTH-1:0]     hold;     // groups 1 .. GROUPS-1 of the fold being drained
            reg [SHARED_WIDTH-1:0]         hold_shared;
            // A multiplexer over the groups (an indexed part-select would multiply the index): group 0 from values
            // (sub is 0 in the cycle of start), the others from the holding register.
            wire [LANES*WIDTH-1:0] held [0:GROUPS-1];
            assign held[0] = values[LANES*WIDTH-1:0];
            for (i = 1; i < GROUPS; i = i + 1) begin : g_held
                assign held[i] = hold[(i-1)*LANES*WIDTH +: LANES*WIDTH];
            end
            wire busy = sub != {GROUP_WIDTH{1'b0}};
            wire [GROUP_WIDTH-1:0] last_sub = GROUPS[GROUP_WIDTH-1:0] - 1'b1;
            always @(posedge ap_clk) begin
                if (!ap_rst_n) begin
                    sub <= {GROUP_WIDTH{1'b0}};
                end else if (start) begin
                    sub <= {{(GROUP_WIDTH-1){1'b0}}, 1'b1};
                end else if (busy) begin
                    sub <= sub == last_sub ? {GROUP_WIDTH{1'b0}} : sub + 1'b1;
                end
                if (start) begin
                    hold <= values[PE*WIDTH-1:LANES*WIDTH];
                    hold_shared <= shared;
                end
            end
            assign group_values = held[sub];
            assign group_shared = busy ? hold_shared : shared;
            assign drain = start || busy;
        end
    endgenerate

    wire [OUT_GROUP_WIDTH-1:0] last_out_group = OUT_GROUPS[OUT_GROUP_WIDTH-1:0] - 1'b1;
    wire [BASE_WIDTH-1:0]      step = BASE_STEP[BASE_WIDTH-1:0];
    always @(posedge ap_clk) begin
        if (!ap_rst_n) begin
            out_group <= {OUT_GROUP_WIDTH{1'b0}};
            group_base <= {BASE_WIDTH{1'b0}};
        end else if (drain) begin
            out_group <= out_group == last_out_group ? {OUT_GROUP_WIDTH{1'b0}} : out_group + 1'b1;
            group_base <= out_group == last_out_group ? {BASE_WIDTH{1'b0}} : group_base + step;
        end
    end
endmodule

`default_nettype wire
