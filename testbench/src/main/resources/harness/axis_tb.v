// axis_tb.v: the static parts of every generated Icarus testbench of adabin-hw. They run the loop of the
// Verilator harness (axis_harness.h) in Verilog, with the same files and the same cycle numbering, so the
// two simulators produce the same run trace (org.adabinhw.simulator.RunTrace):
//   cycle n is the n-th clock cycle after reset (negative during reset); in every cycle an input with no
//   beat pending offers its next beat if its pattern column allows it, a pending beat stays offered, and
//   every output's TREADY follows its column; transfers are logged at the rising edge that ends the cycle.
// The run stops DRAIN cycles after the cycle in which every output had its expected beats, or after
// MAX_CYCLES cycles; with +vcd it leaves wave.vcd.
`timescale 1ns / 1ps
`default_nettype none

// Clock, synchronous reset, the cycle count, the stall pattern and the end of the run.
module axis_tb_control #(
    parameter integer RESET_CYCLES   = 4,             // rising edges with ap_rst_n low
    parameter integer DRAIN          = 16,            // cycles run after the last expected beat
    parameter integer MAX_CYCLES     = 1000,          // cycle limit
    parameter integer COLUMNS        = 2,             // pattern columns: inputs, then outputs
    parameter integer PATTERN_LENGTH = 1,             // cycles in the pattern file
    parameter         PATTERN_FILE   = "stall.memb",  // $readmemb image, column 0 the leftmost digit
    parameter         SUMMARY_FILE   = "summary.txt"  // receives "cycles <n>" and "status ok|timeout"
) (
    output reg                ap_clk,
    output reg                ap_rst_n,
    output reg signed [63:0]  cycle,
    output wire [COLUMNS-1:0] allow_next,  // the pattern for cycle + 1; column j is bit COLUMNS-1-j
    input  wire               done         // every output has its beats, counting this cycle's transfers
);
    reg [COLUMNS-1:0] pattern [0:PATTERN_LENGTH-1];
    reg signed [63:0] done_cycle;
    reg               finish;
    integer           summary;
    wire signed [63:0] next_cycle = cycle + 1;

    assign allow_next = next_cycle >= 0 && next_cycle < PATTERN_LENGTH ? pattern[next_cycle] : {COLUMNS{1'b1}};

    initial begin
        $readmemb(PATTERN_FILE, pattern);
        if ($test$plusargs("vcd")) begin
            $dumpfile("wave.vcd");
            $dumpvars;
        end
        ap_clk     = 1'b0;
        ap_rst_n   = 1'b0;
        cycle      = -RESET_CYCLES;
        done_cycle = -1;
        finish     = 1'b0;
    end

    always #5 ap_clk = ~ap_clk;

    always @(posedge ap_clk) begin : step
        reg signed [63:0] d;
        cycle    <= next_cycle;
        ap_rst_n <= next_cycle >= 0;
        if (cycle >= 0 && !finish) begin
            d = done_cycle < 0 && done ? cycle : done_cycle;
            done_cycle <= d;
            if (d >= 0 && cycle >= d + DRAIN || next_cycle >= MAX_CYCLES) begin
                summary = $fopen(SUMMARY_FILE, "w");
                $fdisplay(summary, "cycles %0d", next_cycle);
                if (d < 0) begin
                    $fdisplay(summary, "status timeout");
                end else begin
                    $fdisplay(summary, "status ok");
                end
                $fclose(summary);
                finish <= 1'b1;
            end
        end
    end

    // Stop between edges, after every logger has seen the last one.
    always @(negedge ap_clk) begin
        if (finish) begin
            $finish;
        end
    end
endmodule

// Offers BEATS beats from STIMULUS_FILE under the pattern; logs the cycle of every transfer.
module axis_tb_source #(
    parameter integer WIDTH         = 8,   // bits of TDATA
    parameter integer BEATS         = 1,   // beats in the file, >= 1
    parameter         STIMULUS_FILE = "",  // $readmemh image, one beat per line
    parameter         ACCEPT_LOG    = ""   // receives one line per transfer: its cycle
) (
    input  wire              ap_clk,
    input  wire signed [63:0] cycle,
    input  wire              allow_next,
    output reg  [WIDTH-1:0]  tdata,
    output reg               tvalid,
    input  wire              tready
);
    reg [WIDTH-1:0] beats [0:BEATS-1];
    integer         next_beat;
    integer         log;

    initial begin
        $readmemh(STIMULUS_FILE, beats);
        log       = $fopen(ACCEPT_LOG, "w");
        next_beat = 0;
        tvalid    = 1'b0;
        tdata     = {WIDTH{1'b0}};
    end

    always @(posedge ap_clk) begin
        if (tvalid && tready) begin
            $fdisplay(log, "%0d", cycle);
            $fflush(log);
            next_beat = next_beat + 1;
        end
        if (cycle + 1 < 0) begin
            tvalid <= 1'b0;
        end else if (tvalid && !tready) begin
            tvalid <= 1'b1;
        end else if (next_beat < BEATS && allow_next) begin
            tvalid <= 1'b1;
            tdata  <= beats[next_beat];
        end else begin
            tvalid <= 1'b0;
        end
    end
endmodule

// Sets TREADY from the pattern; logs every transfer as "<cycle> <hex TDATA>".
module axis_tb_sink #(
    parameter integer WIDTH     = 8,   // bits of TDATA
    parameter integer EXPECTED  = 1,   // beats to wait for
    parameter         BEATS_LOG = ""   // receives one line per transfer
) (
    input  wire               ap_clk,
    input  wire signed [63:0] cycle,
    input  wire               allow_next,
    input  wire [WIDTH-1:0]   tdata,
    input  wire               tvalid,
    output reg                tready,
    output wire               done
);
    integer received;
    integer log;
    wire    fire = tvalid && tready;

    assign done = received + (fire ? 1 : 0) >= EXPECTED;

    initial begin
        log      = $fopen(BEATS_LOG, "w");
        received = 0;
        tready   = 1'b0;
    end

    always @(posedge ap_clk) begin
        if (fire && cycle >= 0) begin
            $fdisplay(log, "%0d %h", cycle, tdata);
            $fflush(log);
            received <= received + 1;
        end
        tready <= cycle + 1 >= 0 && allow_next;
    end
endmodule

`default_nettype wire
