// shortcut_a: the option-A shortcut of a residual network, x[:, ::STRIDE, ::STRIDE] with PAD_CHANNELS zero
// channels before and after (golden model: ShortcutLayer.apply).
//
// Input     an image of HEIGHT x WIDTH pixels in raster order, CHANNELS channels per pixel folded by LANES:
//           FOLDS = CHANNELS/LANES beats per pixel, beat f carrying channels f*LANES .. f*LANES+LANES-1, lane
//           i in s_axis_x_tdata[i*LANE_WIDTH +: LANE_WIDTH]. Images follow each other without a gap.
// Output    the pixels (y, x) with y % STRIDE == 0 and x % STRIDE == 0, in raster order: ceil(HEIGHT/STRIDE) x
//           ceil(WIDTH/STRIDE) pixels of CHANNELS + 2*PAD_CHANNELS channels, LANES per beat: per pixel
//           PAD_FOLDS = PAD_CHANNELS/LANES zero beats, the pixel's FOLDS input beats unchanged, PAD_FOLDS zero
//           beats. The beats of the other pixels are accepted and dropped.
// Schedule  one action per cycle: a zero beat (needs room in the output stage), a kept input beat (input
//           valid and room), or a dropped input beat (input valid). s_axis_x_tready is a register, high in
//           the input phase of a pixel when the beat can go somewhere; it is low while zeros are emitted.
//           The leading zeros of a pixel wait for s_axis_x_tvalid (its first beat offered, and held while
//           tready is low), so nothing of an image is emitted before the image begins to arrive.
// Latency   1 cycle from an input beat's acceptance (or a zero beat's issue) to the output beat being valid.
// Rate      without stalls one action per cycle: per image kept*(CHANNELS + 2*PAD_CHANNELS)/LANES +
//           dropped*CHANNELS/LANES cycles (kept, dropped: pixel counts); 1 output beat per cycle on a kept
//           pixel. Every output is a register: the beats enter an axis_fifo of depth 2 under a credit count.
// Reset     ap_rst_n, active low, synchronous; the block restarts at pixel (0, 0), channel 0.
`timescale 1ns / 1ps
`default_nettype none

module shortcut_a #(
    parameter integer CHANNELS     = 1,  // input channels per pixel, a multiple of LANES
    parameter integer HEIGHT       = 1,  // input rows, >= 1
    parameter integer WIDTH        = 1,  // input columns, >= 1
    parameter integer STRIDE       = 1,  // subsampling, >= 1
    parameter integer PAD_CHANNELS = 0,  // zero channels before and after, a multiple of LANES (0 allowed)
    parameter integer LANES        = 1,  // channels per beat, >= 1
    parameter integer LANE_WIDTH   = 8   // bits of one channel value, >= 1
) (
    input  wire                          ap_clk,
    input  wire                          ap_rst_n,
    input  wire [LANES*LANE_WIDTH-1:0]   s_axis_x_tdata,
    input  wire                          s_axis_x_tvalid,
    output wire                          s_axis_x_tready,
    output wire [LANES*LANE_WIDTH-1:0]   m_axis_y_tdata,
    output wire                          m_axis_y_tvalid,
    input  wire                          m_axis_y_tready
);
    localparam integer BEAT_WIDTH = LANES * LANE_WIDTH;
    localparam integer FOLDS = CHANNELS / LANES;
    localparam integer PAD_FOLDS = PAD_CHANNELS / LANES;
    localparam integer MAX_FOLDS = FOLDS > PAD_FOLDS ? FOLDS : PAD_FOLDS;
    localparam integer FOLD_WIDTH = MAX_FOLDS > 1 ? $clog2(MAX_FOLDS) : 1;
    localparam integer X_WIDTH = WIDTH > 1 ? $clog2(WIDTH) : 1;
    localparam integer Y_WIDTH = HEIGHT > 1 ? $clog2(HEIGHT) : 1;
    localparam integer R_WIDTH = STRIDE > 1 ? $clog2(STRIDE) : 1;
    localparam integer STAGE_DEPTH = 2;
    // The phases of one pixel: leading zeros, input beats, trailing zeros.
    localparam [1:0] PRE = 2'd0;
    localparam [1:0] DATA = 2'd1;
    localparam [1:0] POST = 2'd2;

    generate
        if (CHANNELS < 1 || HEIGHT < 1 || WIDTH < 1 || STRIDE < 1 || PAD_CHANNELS < 0 || LANES < 1 || LANE_WIDTH < 1
                || CHANNELS % LANES != 0 || PAD_CHANNELS % LANES != 0) begin : g_illegal_parameters
`ifdef __ICARUS__
            // Icarus 11 has no elaboration-time $error: stop at time 0 instead.
            initial $fatal(1, "shortcut_a: illegal parameters CHANNELS = %0d, PAD_CHANNELS = %0d, LANES = %0d, HEIGHT = %0d, WIDTH = %0d, STRIDE = %0d, LANE_WIDTH = %0d (need LANES to divide CHANNELS and PAD_CHANNELS, sizes and STRIDE >= 1)",
                           CHANNELS, PAD_CHANNELS, LANES, HEIGHT, WIDTH, STRIDE, LANE_WIDTH);
`else
            $error("shortcut_a: illegal parameters CHANNELS = %0d, PAD_CHANNELS = %0d, LANES = %0d, HEIGHT = %0d, WIDTH = %0d, STRIDE = %0d, LANE_WIDTH = %0d (need LANES to divide CHANNELS and PAD_CHANNELS, sizes and STRIDE >= 1)",
                   CHANNELS, PAD_CHANNELS, LANES, HEIGHT, WIDTH, STRIDE, LANE_WIDTH);
`endif
        end
    endgenerate

    reg                  in_ready;
    reg [1:0]            phase;
    reg [FOLD_WIDTH-1:0] fold;
    reg [X_WIDTH-1:0]    x;
    reg [Y_WIDTH-1:0]    y;
    reg [R_WIDTH-1:0]    rx;      // x % STRIDE
    reg [R_WIDTH-1:0]    ry;      // y % STRIDE
    reg [1:0]            held;    // beats in the output stage: the credit count

    wire [FOLD_WIDTH-1:0] last_data_fold = FOLDS[FOLD_WIDTH-1:0] - 1'b1;
    wire [FOLD_WIDTH-1:0] last_pad_fold = PAD_FOLDS[FOLD_WIDTH-1:0] - 1'b1;
    wire [X_WIDTH-1:0]    last_x = WIDTH[X_WIDTH-1:0] - 1'b1;
    wire [Y_WIDTH-1:0]    last_y = HEIGHT[Y_WIDTH-1:0] - 1'b1;
    wire [R_WIDTH-1:0]    last_r = STRIDE[R_WIDTH-1:0] - 1'b1;
    wire                  padded = PAD_FOLDS > 0;

    wire pop = m_axis_y_tvalid && m_axis_y_tready;
    wire credit = held < STAGE_DEPTH[1:0];
    wire keep = rx == {R_WIDTH{1'b0}} && ry == {R_WIDTH{1'b0}};
    wire in_phase = phase == DATA;
    wire accept = s_axis_x_tvalid && in_ready;
    // Leading zeros once the pixel's first beat is offered; trailing zeros follow its input beats.
    wire zero = credit && (phase == POST || (phase == PRE && s_axis_x_tvalid));
    wire act = accept || zero;
    wire push = zero || (accept && keep);
    wire phase_end = fold == (in_phase ? last_data_fold : last_pad_fold);
    // The pixel ends with its input beats, or with its trailing zeros.
    wire pixel_end = act && phase_end && (phase == POST || (in_phase && !(keep && padded)));

    wire [X_WIDTH-1:0] x_next = !pixel_end ? x : x == last_x ? {X_WIDTH{1'b0}} : x + 1'b1;
    wire               row_end = pixel_end && x == last_x;
    wire [Y_WIDTH-1:0] y_next = !row_end ? y : y == last_y ? {Y_WIDTH{1'b0}} : y + 1'b1;
    wire [R_WIDTH-1:0] rx_next = !pixel_end ? rx : (x == last_x || rx == last_r) ? {R_WIDTH{1'b0}} : rx + 1'b1;
    wire [R_WIDTH-1:0] ry_next = !row_end ? ry : (y == last_y || ry == last_r) ? {R_WIDTH{1'b0}} : ry + 1'b1;
    wire               keep_next = rx_next == {R_WIDTH{1'b0}} && ry_next == {R_WIDTH{1'b0}};
    wire [1:0]         phase_next = !(act && phase_end) ? phase
                                  : pixel_end ? (keep_next && padded ? PRE : DATA)
                                  : phase == PRE ? DATA : POST;
    wire [FOLD_WIDTH-1:0] fold_next = !act ? fold : phase_end ? {FOLD_WIDTH{1'b0}} : fold + 1'b1;
    wire [1:0]         held_next = held + {1'b0, push} - {1'b0, pop};

    always @(posedge ap_clk) begin
        if (!ap_rst_n) begin
            phase <= padded ? PRE : DATA;
            fold <= {FOLD_WIDTH{1'b0}};
            x <= {X_WIDTH{1'b0}};
            y <= {Y_WIDTH{1'b0}};
            rx <= {R_WIDTH{1'b0}};
            ry <= {R_WIDTH{1'b0}};
            held <= 2'd0;
            in_ready <= !padded;
        end else begin
            phase <= phase_next;
            fold <= fold_next;
            x <= x_next;
            y <= y_next;
            rx <= rx_next;
            ry <= ry_next;
            held <= held_next;
            // A dropped beat can always be taken; a kept one needs room in the output stage.
            in_ready <= phase_next == DATA && (!keep_next || held_next < STAGE_DEPTH[1:0]);
        end
    end

    wire unused_stage_ready;
    assign s_axis_x_tready = in_ready;

    axis_fifo #(
        .DATA_WIDTH(BEAT_WIDTH),
        .DEPTH(STAGE_DEPTH)
    ) output_stage (
        .ap_clk(ap_clk),
        .ap_rst_n(ap_rst_n),
        .s_axis_in_tdata(in_phase ? s_axis_x_tdata : {BEAT_WIDTH{1'b0}}),
        .s_axis_in_tvalid(push),
        .s_axis_in_tready(unused_stage_ready),
        .m_axis_out_tdata(m_axis_y_tdata),
        .m_axis_out_tvalid(m_axis_y_tvalid),
        .m_axis_out_tready(m_axis_y_tready)
    );
endmodule

`default_nettype wire
