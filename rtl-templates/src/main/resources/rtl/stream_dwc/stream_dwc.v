// stream_dwc: lane width converter, IN_LANES lanes per input beat to OUT_LANES lanes per output beat.
//
// Function  the stream of lanes passes unchanged and in order; only its grouping into beats changes. Lane
//           i of beat f carries element f*L + i on both sides (L the side's lanes), so a pixel of CHANNELS
//           channels, CHANNELS/IN_LANES input beats, leaves as CHANNELS/OUT_LANES output beats in the same
//           channel order. Lane i is TDATA[i*LANE_WIDTH +: LANE_WIDTH]; lanes are not interpreted.
// Legal     one of IN_LANES, OUT_LANES divides the other, they differ, and both divide CHANNELS (so an
//           output beat never straddles two pixels); other pairs are two converters through their gcd.
// Down      (IN_LANES = R*OUT_LANES) an accepted beat is held in a shift register and leaves as R output
//           beats, lanes 0 .. OUT_LANES-1 first, one per cycle; the next input beat is taken in the cycle
//           of the last one. Latency 2 cycles (accept, issue into the output stage), rate 1 output beat
//           per cycle, 1 input beat per R cycles.
// Up        (OUT_LANES = R*IN_LANES) R-1 input beats are collected in a shift register; the R-th goes with
//           them into the output stage in the cycle it is accepted. Latency 1 cycle from the R-th input
//           beat, rate 1 input beat per cycle, 1 output beat per R cycles.
// Stage     every output is a register: the output beats enter an axis_fifo of depth 2 under a credit count
//           (beats it holds), which also decides the registered s_axis_x_tready.
// Reset     ap_rst_n, active low, synchronous; the converter restarts at a beat boundary. Data registers
//           are not reset.
`timescale 1ns / 1ps
`default_nettype none

module stream_dwc #(
    parameter integer CHANNELS   = 2,  // lanes per pixel, a multiple of IN_LANES and of OUT_LANES
    parameter integer IN_LANES   = 2,  // lanes per input beat, >= 1
    parameter integer OUT_LANES  = 1,  // lanes per output beat, >= 1, != IN_LANES, divides or is divided by it
    parameter integer LANE_WIDTH = 8   // bits of one lane, >= 1
) (
    input  wire                              ap_clk,
    input  wire                              ap_rst_n,
    input  wire [IN_LANES*LANE_WIDTH-1:0]    s_axis_x_tdata,
    input  wire                              s_axis_x_tvalid,
    output wire                              s_axis_x_tready,
    output wire [OUT_LANES*LANE_WIDTH-1:0]   m_axis_y_tdata,
    output wire                              m_axis_y_tvalid,
    input  wire                              m_axis_y_tready
);
    // Bits of a beat on each side.
    localparam integer IN_WIDTH = IN_LANES * LANE_WIDTH;
    localparam integer OUT_WIDTH = OUT_LANES * LANE_WIDTH;
    // Output beats per input beat (down) or input beats per output beat (up), >= 2 when legal.
    localparam integer RATIO = IN_LANES > OUT_LANES ? IN_LANES / OUT_LANES : OUT_LANES / IN_LANES;
    localparam integer SUB_WIDTH = RATIO > 1 ? $clog2(RATIO) : 1;
    localparam integer STAGE_DEPTH = 2;

    generate
        if (IN_LANES < 1 || OUT_LANES < 1 || LANE_WIDTH < 1 || CHANNELS < 1 || IN_LANES == OUT_LANES
                || (IN_LANES > OUT_LANES && IN_LANES % OUT_LANES != 0)
                || (OUT_LANES > IN_LANES && OUT_LANES % IN_LANES != 0)
                || CHANNELS % IN_LANES != 0 || CHANNELS % OUT_LANES != 0) begin : g_illegal_parameters
`ifdef __ICARUS__
            // Icarus 11 has no elaboration-time $error: stop at time 0 instead.
            initial $fatal(1, "stream_dwc: illegal parameters CHANNELS = %0d, IN_LANES = %0d, OUT_LANES = %0d, LANE_WIDTH = %0d (need distinct lane counts, one dividing the other, both dividing CHANNELS, LANE_WIDTH >= 1)",
                           CHANNELS, IN_LANES, OUT_LANES, LANE_WIDTH);
`else
            $error("stream_dwc: illegal parameters CHANNELS = %0d, IN_LANES = %0d, OUT_LANES = %0d, LANE_WIDTH = %0d (need distinct lane counts, one dividing the other, both dividing CHANNELS, LANE_WIDTH >= 1)",
                   CHANNELS, IN_LANES, OUT_LANES, LANE_WIDTH);
`endif
        end
    endgenerate

    reg                  in_ready;
    reg [SUB_WIDTH-1:0]  sub;        // the beat's place in its group of RATIO
    reg [1:0]            held;       // beats in the output stage: the credit count
    wire [SUB_WIDTH-1:0] last_sub = RATIO[SUB_WIDTH-1:0] - 1'b1;
    wire                 accept = s_axis_x_tvalid && in_ready;
    wire                 pop = m_axis_y_tvalid && m_axis_y_tready;
    wire                 is_last = sub == last_sub;
    wire                 push;
    wire [OUT_WIDTH-1:0] push_data;
    wire [1:0]           held_next = held + {1'b0, push} - {1'b0, pop};
    wire                 unused_stage_ready;

    generate
        if (IN_LANES > OUT_LANES) begin : g_down
            reg  [IN_WIDTH-1:0]  buffer;
            reg                  buffer_valid;
            // The in_ready register guarantees that an accepted beat finds the buffer empty or being emptied.
            wire                 issue = buffer_valid && held < STAGE_DEPTH[1:0];
            wire                 buffer_valid_next = accept || (buffer_valid && !(issue && is_last));
            wire [SUB_WIDTH-1:0] sub_next = !issue ? sub : is_last ? {SUB_WIDTH{1'b0}} : sub + 1'b1;

            always @(posedge ap_clk) begin
                if (!ap_rst_n) begin
                    buffer_valid <= 1'b0;
                    sub <= {SUB_WIDTH{1'b0}};
                    held <= 2'd0;
                    in_ready <= 1'b1;
                end else begin
                    buffer_valid <= buffer_valid_next;
                    sub <= sub_next;
                    held <= held_next;
                    // Ready when the buffer is empty, or its last piece leaves in that cycle.
                    in_ready <= !buffer_valid_next || (sub_next == last_sub && held_next < STAGE_DEPTH[1:0]);
                end
            end

            always @(posedge ap_clk) begin
                if (accept) begin
                    buffer <= s_axis_x_tdata;
                end else if (issue) begin
                    buffer <= {{OUT_WIDTH{1'b0}}, buffer[IN_WIDTH-1:OUT_WIDTH]};
                end
            end

            assign push = issue;
            assign push_data = buffer[OUT_WIDTH-1:0];
        end else begin : g_up
            // The first RATIO - 1 pieces of the output beat, the latest at the top.
            reg  [OUT_WIDTH-IN_WIDTH-1:0] pieces;
            wire [OUT_WIDTH-1:0]          joined = {s_axis_x_tdata, pieces};
            wire [SUB_WIDTH-1:0]          sub_next = !accept ? sub : is_last ? {SUB_WIDTH{1'b0}} : sub + 1'b1;

            always @(posedge ap_clk) begin
                if (!ap_rst_n) begin
                    sub <= {SUB_WIDTH{1'b0}};
                    held <= 2'd0;
                    in_ready <= 1'b1;
                end else begin
                    sub <= sub_next;
                    held <= held_next;
                    // The last piece needs room in the output stage; the others only a place in the register.
                    in_ready <= sub_next != last_sub || held_next < STAGE_DEPTH[1:0];
                end
            end

            always @(posedge ap_clk) begin
                if (accept) begin
                    pieces <= joined[OUT_WIDTH-1:IN_WIDTH];
                end
            end

            assign push = accept && is_last;
            assign push_data = joined;
        end
    endgenerate

    assign s_axis_x_tready = in_ready;

    axis_fifo #(
        .DATA_WIDTH(OUT_WIDTH),
        .DEPTH(STAGE_DEPTH)
    ) output_stage (
        .ap_clk(ap_clk),
        .ap_rst_n(ap_rst_n),
        .s_axis_in_tdata(push_data),
        .s_axis_in_tvalid(push),
        .s_axis_in_tready(unused_stage_ready),
        .m_axis_out_tdata(m_axis_y_tdata),
        .m_axis_out_tvalid(m_axis_y_tvalid),
        .m_axis_out_tready(m_axis_y_tready)
    );
endmodule

`default_nettype wire
