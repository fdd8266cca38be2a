// head_unit: the classifier at the end of the accelerator, a global sum pool and a Linear layer (the
// pool's divisor and the BatchNorm1d before it are folded into the weights and biases).
//
// Function  per image (golden model: HeadLayer.apply with pool = true):
//             v[c]   = sum over the MAP_HEIGHT x MAP_WIDTH pixels of x[c]          (exact, SUM_WIDTH bits)
//             acc[j] = sum over c of w[j][c] * v[c] + bias[j]                      (exact, ACC_WIDTH bits)
//             logit  = saturate_32((acc + 2^(shift-1)) >>> shift)  (shift = 0: acc itself)
// Input     pixels in raster order, FOLDS = CHANNELS / LANES beats per pixel, beat f carrying channels
//           f*LANES .. f*LANES + LANES - 1, lane i in s_axis_x_tdata[i*STREAM_WIDTH +: STREAM_WIDTH], two's
//           complement. Images follow each other back to back; the block counts pixels itself (no tlast).
// Output    per image CLASSES beats, the logits of classes 0 .. CLASSES - 1 in order, two's complement.
// Schedule  Sum: every accepted beat adds its lanes to word f of one of two banks of channel sums (a
//           read-modify-write one cycle later; the first pixel of an image writes the values themselves,
//           so a bank needs no clearing). Images alternate between the banks. MAC: once an image's sums
//           are complete, GROUPS = CLASSES / HEAD_PE groups of HEAD_PE classes, each CHANNELS cycles of
//           HEAD_PE multiply-accumulates, one channel per cycle, read the bank; meanwhile the next image
//           is summed into the other bank. A bank is written again by the image after next only from the
//           cycle in which the MAC phase issues its last multiply-accumulate on it, so the input stalls
//           (at the first beat of an image) only while the MAC phase is longer than an image's input.
//           A group's last multiply-accumulate needs a credit: a free place in the group FIFO counting
//           the groups still in the pipeline.
// Latency   a group's first logit is valid 5 cycles after its last multiply-accumulate is issued (ROM and
//           sums read, product, accumulation, round/saturate into the group FIFO, serialiser); an image's
//           first logit CHANNELS + 6 cycles after its last input beat when the MAC phase is idle by then
//           (2 cycles to the first MAC, CHANNELS - 1 more to the first group's last one, then 5).
// Rate      T_IN = PIXELS * FOLDS cycles of input, T_MAC = GROUPS * CHANNELS cycles of MACs per image; one
//           image every max(T_IN, T_MAC) cycles, the input at 1 beat per cycle when T_MAC <= T_IN. A run
//           of N images without stalls lasts T_IN + (N - 1) * max(T_IN, T_MAC) + T_MAC + HEAD_PE + 5 cycles
//           from the first input beat to the last logit.
// ROMs      ($readmemh) WEIGHT_FILE: GROUPS * CHANNELS words of HEAD_PE * WEIGHT_WIDTH bits, word
//           g*CHANNELS + c holding w[g*HEAD_PE + p][c] in bits [p*WEIGHT_WIDTH +: WEIGHT_WIDTH]; BIAS_FILE:
//           GROUPS words of HEAD_PE * 48 bits, bias[g*HEAD_PE + p] in lane p; SHIFT_FILE: one 6-bit word,
//           0 .. 47. All signed, two's complement.
// Stages    the group FIFO (axis_fifo, depth 5, HEAD_PE logits per entry) feeds a serialiser whose shift
//           register drives m_axis_logits; every output and s_axis_x_tready is a register.
// Reset     ap_rst_n, active low, synchronous; both banks become free and the counters restart.
`timescale 1ns / 1ps
`default_nettype none

module head_unit #(
    parameter integer CHANNELS     = 1,   // channels C, >= 1
    parameter integer LANES        = 1,   // channels per input beat, divides CHANNELS
    parameter integer MAP_HEIGHT   = 1,   // rows of the feature map, >= 1
    parameter integer MAP_WIDTH    = 1,   // columns of the feature map, >= 1
    parameter integer CLASSES      = 1,   // classes J, >= 1
    parameter integer HEAD_PE      = 1,   // classes computed in parallel, divides CLASSES, <= CHANNELS
    parameter integer STREAM_WIDTH = 8,   // bits of one signed input value, 2..31
    parameter integer WEIGHT_WIDTH = 24,  // bits of one signed weight, 2..32
    parameter integer MUL_SPLIT    = 0,   // mul_split's LO_WIDTH for the product (0: one multiplication)
    parameter         WEIGHT_FILE  = "",  // weight ROM image
    parameter         BIAS_FILE    = "",  // bias ROM image
    parameter         SHIFT_FILE   = "",  // shift image, one word
    // Read by synthesis only, in the ram_style/rom_style attributes of the memories.
    /* verilator lint_off UNUSEDPARAM */
    parameter         WEIGHT_STYLE = "logic",  // rom_style of the weight ROM: "logic" or "block"
    parameter         BIAS_STYLE = "logic",  // rom_style of the bias ROM
    parameter         BANK_STYLE = "distributed",  // ram_style of the two banks of sums: "distributed", "block" or "logic"
    parameter         FIFO_STYLE = "distributed"   // ram_style of the group FIFO
    /* verilator lint_on UNUSEDPARAM */
) (
    input  wire                          ap_clk,
    input  wire                          ap_rst_n,
    input  wire [LANES*STREAM_WIDTH-1:0] s_axis_x_tdata,
    input  wire                          s_axis_x_tvalid,
    output wire                          s_axis_x_tready,
    output wire [31:0]                   m_axis_logits_tdata,
    output wire                          m_axis_logits_tvalid,
    input  wire                          m_axis_logits_tready
);
    // Beats per pixel, pixels per image, groups of classes.
    localparam integer FOLDS = CHANNELS / LANES;
    localparam integer PIXELS = MAP_HEIGHT * MAP_WIDTH;
    localparam integer GROUPS = CLASSES / HEAD_PE;
    // A channel sum of PIXELS values; a product of a weight and a sum; CHANNELS products; the bias.
    localparam integer SUM_WIDTH = STREAM_WIDTH + $clog2(PIXELS);
    localparam integer PROD_WIDTH = WEIGHT_WIDTH + SUM_WIDTH;
    localparam integer DOT_WIDTH = PROD_WIDTH + $clog2(CHANNELS);
    localparam integer BIAS_WIDTH = 48;
    localparam integer ACC_WIDTH = (DOT_WIDTH > BIAS_WIDTH ? DOT_WIDTH : BIAS_WIDTH) + 1;
    localparam integer LOGIT_WIDTH = 32;
    localparam integer SHIFT_WIDTH = 6;
    localparam integer WORD_WIDTH = LANES * SUM_WIDTH;
    localparam integer WEIGHT_WORDS = GROUPS * CHANNELS;
    // Groups the FIFO holds; 5 credits cover the 4 cycles from a group's issue to its FIFO pop, so that
    // one group per cycle (CHANNELS = HEAD_PE = 1) still runs without a credit stall.
    localparam integer GROUP_DEPTH = 5;
    localparam integer CREDIT_WIDTH = 4;
    localparam integer FOLD_WIDTH = FOLDS > 1 ? $clog2(FOLDS) : 1;
    localparam integer PIXEL_WIDTH = PIXELS > 1 ? $clog2(PIXELS) : 1;
    localparam integer LANE_WIDTH = LANES > 1 ? $clog2(LANES) : 1;
    localparam integer GROUP_WIDTH = GROUPS > 1 ? $clog2(GROUPS) : 1;
    localparam integer WADDR_WIDTH = WEIGHT_WORDS > 1 ? $clog2(WEIGHT_WORDS) : 1;
    localparam integer INDEX_WIDTH = HEAD_PE > 1 ? $clog2(HEAD_PE) : 1;

    generate
        if (CHANNELS < 1 || LANES < 1 || CHANNELS % LANES != 0 || MAP_HEIGHT < 1 || MAP_WIDTH < 1 || CLASSES < 1
                || HEAD_PE < 1 || CLASSES % HEAD_PE != 0 || HEAD_PE > CHANNELS || STREAM_WIDTH < 2
                || STREAM_WIDTH > 31 || WEIGHT_WIDTH < 2 || WEIGHT_WIDTH > 32) begin : g_illegal_parameters
`ifdef __ICARUS__
            // Icarus 11 has no elaboration-time $error: stop at time 0 instead.
            initial $fatal(1, "head_unit: illegal parameters CHANNELS = %0d, LANES = %0d, MAP_HEIGHT = %0d, MAP_WIDTH = %0d, CLASSES = %0d, HEAD_PE = %0d, STREAM_WIDTH = %0d, WEIGHT_WIDTH = %0d (need LANES | CHANNELS, HEAD_PE | CLASSES, HEAD_PE <= CHANNELS, STREAM_WIDTH 2..31, WEIGHT_WIDTH 2..32)",
                           CHANNELS, LANES, MAP_HEIGHT, MAP_WIDTH, CLASSES, HEAD_PE, STREAM_WIDTH, WEIGHT_WIDTH);
`else
            $error("head_unit: illegal parameters CHANNELS = %0d, LANES = %0d, MAP_HEIGHT = %0d, MAP_WIDTH = %0d, CLASSES = %0d, HEAD_PE = %0d, STREAM_WIDTH = %0d, WEIGHT_WIDTH = %0d (need LANES | CHANNELS, HEAD_PE | CLASSES, HEAD_PE <= CHANNELS, STREAM_WIDTH 2..31, WEIGHT_WIDTH 2..32)",
                   CHANNELS, LANES, MAP_HEIGHT, MAP_WIDTH, CLASSES, HEAD_PE, STREAM_WIDTH, WEIGHT_WIDTH);
`endif
        end
    endgenerate

    (* rom_style = WEIGHT_STYLE *) reg [HEAD_PE*WEIGHT_WIDTH-1:0] weight_rom [0:WEIGHT_WORDS-1];
    (* rom_style = BIAS_STYLE *) reg [HEAD_PE*BIAS_WIDTH-1:0]   bias_rom   [0:GROUPS-1];
    (* rom_style = "logic" *) reg [SHIFT_WIDTH-1:0]          shift_rom  [0:0];
    initial begin
        $readmemh(WEIGHT_FILE, weight_rom);
        $readmemh(BIAS_FILE, bias_rom);
        $readmemh(SHIFT_FILE, shift_rom);
    end

    wire [FOLD_WIDTH-1:0]   last_fold = FOLDS[FOLD_WIDTH-1:0] - 1'b1;
    wire [PIXEL_WIDTH-1:0]  last_pixel = PIXELS[PIXEL_WIDTH-1:0] - 1'b1;
    wire [LANE_WIDTH-1:0]   last_lane = LANES[LANE_WIDTH-1:0] - 1'b1;
    wire [GROUP_WIDTH-1:0]  last_group = GROUPS[GROUP_WIDTH-1:0] - 1'b1;
    wire [CREDIT_WIDTH-1:0] depth = GROUP_DEPTH[CREDIT_WIDTH-1:0];

    // ---- The two banks of channel sums: one RAM each, one write port (the sum stage), one registered
    // read port shared by the sum stage and the MAC phase (a bank is read by one of them at a time).
    (* ram_style = BANK_STYLE *) reg [WORD_WIDTH-1:0] bank0 [0:FOLDS-1];
    (* ram_style = BANK_STYLE *) reg [WORD_WIDTH-1:0] bank1 [0:FOLDS-1];
    reg [WORD_WIDTH-1:0] rd0;
    reg [WORD_WIDTH-1:0] rd1;
    // full[b]: bank b holds an image's complete sums whose MAC phase has not issued its last MAC.
    reg [1:0] full;

    // ---- Input counters and the registered ready.
    reg                   in_ready;
    reg [FOLD_WIDTH-1:0]  in_fold;
    reg [PIXEL_WIDTH-1:0] in_pixel;
    reg                   in_bank;    // the bank the image being received writes

    wire accept = s_axis_x_tvalid && in_ready;
    wire in_first_pixel = in_pixel == {PIXEL_WIDTH{1'b0}};
    wire in_image_end = in_fold == last_fold && in_pixel == last_pixel;
    wire [FOLD_WIDTH-1:0]  in_fold_next = !accept ? in_fold : in_fold == last_fold ? {FOLD_WIDTH{1'b0}} : in_fold + 1'b1;
    wire [PIXEL_WIDTH-1:0] in_pixel_next = !(accept && in_fold == last_fold) ? in_pixel
                                           : in_pixel == last_pixel ? {PIXEL_WIDTH{1'b0}} : in_pixel + 1'b1;
    wire in_bank_next = accept && in_image_end ? !in_bank : in_bank;
    wire in_first_next = in_fold_next == {FOLD_WIDTH{1'b0}} && in_pixel_next == {PIXEL_WIDTH{1'b0}};

    // ---- Sum stage: the beat accepted in the previous cycle, its bank word read meanwhile.
    reg                          s1_valid;
    reg                          s1_first;   // first pixel: the sum is the value itself
    reg                          s1_last;    // the image's last beat: the bank is complete after this write
    reg                          s1_bank;
    reg                          s1_fwd;     // the word was written in the cycle it was read: take last_sum
    reg [FOLD_WIDTH-1:0]         s1_fold;
    reg [LANES*STREAM_WIDTH-1:0] s1_x;
    reg [WORD_WIDTH-1:0]         last_sum;   // the word the sum stage wrote last
    wire [WORD_WIDTH-1:0] old_sum = s1_fwd ? last_sum : s1_bank ? rd1 : rd0;
    wire [WORD_WIDTH-1:0] new_sum;

    genvar i;
    generate
        for (i = 0; i < LANES; i = i + 1) begin : g_lane
            wire [STREAM_WIDTH-1:0] x = s1_x[i*STREAM_WIDTH +: STREAM_WIDTH];
            wire [SUM_WIDTH-1:0]    x_ext = {{(SUM_WIDTH-STREAM_WIDTH){x[STREAM_WIDTH-1]}}, x};
            wire [SUM_WIDTH-1:0]    base = s1_first ? {SUM_WIDTH{1'b0}} : old_sum[i*SUM_WIDTH +: SUM_WIDTH];
            assign new_sum[i*SUM_WIDTH +: SUM_WIDTH] = base + x_ext;
        end
    endgenerate

    // ---- MAC phase: HEAD_PE classes of group m_group, channel m_fold*LANES + m_lane, bank mac_bank.
    reg                    mac_bank;
    reg [GROUP_WIDTH-1:0]  m_group;
    reg [FOLD_WIDTH-1:0]   m_fold;
    reg [LANE_WIDTH-1:0]   m_lane;
    reg [WADDR_WIDTH-1:0]  waddr;       // m_group*CHANNELS + channel
    reg [CREDIT_WIDTH-1:0] queued;      // groups in the group FIFO
    reg [CREDIT_WIDTH-1:0] pending;     // groups issued, not yet in the group FIFO

    wire push;
    wire pop;
    wire mac_run = full[mac_bank];
    wire m_last_channel = m_fold == last_fold && m_lane == last_lane;
    wire credit = queued + pending < depth;
    wire issue = mac_run && (!m_last_channel || credit);
    wire issue_last = issue && m_last_channel;
    wire mac_done = issue_last && m_group == last_group;

    wire [LANE_WIDTH-1:0]   m_lane_next = !issue ? m_lane : m_lane == last_lane ? {LANE_WIDTH{1'b0}} : m_lane + 1'b1;
    wire [FOLD_WIDTH-1:0]   m_fold_next = !(issue && m_lane == last_lane) ? m_fold
                                          : m_fold == last_fold ? {FOLD_WIDTH{1'b0}} : m_fold + 1'b1;
    wire [GROUP_WIDTH-1:0]  m_group_next = !issue_last ? m_group : m_group == last_group ? {GROUP_WIDTH{1'b0}}
                                           : m_group + 1'b1;
    wire                    mac_bank_next = mac_done ? !mac_bank : mac_bank;
    wire [CREDIT_WIDTH-1:0] queued_next = queued + {{(CREDIT_WIDTH-1){1'b0}}, push} - {{(CREDIT_WIDTH-1){1'b0}}, pop};
    wire [CREDIT_WIDTH-1:0] pending_next = pending + {{(CREDIT_WIDTH-1){1'b0}}, issue_last}
                                           - {{(CREDIT_WIDTH-1){1'b0}}, push};
    wire [1:0] full_set = {s1_valid && s1_last && s1_bank, s1_valid && s1_last && !s1_bank};
    wire [1:0] full_clear = {mac_done && mac_bank, mac_done && !mac_bank};
    wire [1:0] full_next = (full & ~full_clear) | full_set;
    // The MAC phase issues the last MAC of bank in_bank_next in the next cycle, for certain: the image after
    // next may then start writing that bank in the same cycle (its first pixel does not read it).
    wire frees_next = full_next[mac_bank_next] && mac_bank_next == in_bank_next && m_group_next == last_group
                      && m_fold_next == last_fold && m_lane_next == last_lane && queued_next + pending_next < depth;

    always @(posedge ap_clk) begin
        if (!ap_rst_n) begin
            in_ready <= 1'b1;
            in_fold <= {FOLD_WIDTH{1'b0}};
            in_pixel <= {PIXEL_WIDTH{1'b0}};
            in_bank <= 1'b0;
            full <= 2'b00;
            mac_bank <= 1'b0;
            m_group <= {GROUP_WIDTH{1'b0}};
            m_fold <= {FOLD_WIDTH{1'b0}};
            m_lane <= {LANE_WIDTH{1'b0}};
            waddr <= {WADDR_WIDTH{1'b0}};
            queued <= {CREDIT_WIDTH{1'b0}};
            pending <= {CREDIT_WIDTH{1'b0}};
        end else begin
            // Registered ready: an image's first beat waits until its bank is free (or frees next cycle).
            in_ready <= !in_first_next || !full_next[in_bank_next] || frees_next;
            in_fold <= in_fold_next;
            in_pixel <= in_pixel_next;
            in_bank <= in_bank_next;
            full <= full_next;
            mac_bank <= mac_bank_next;
            m_group <= m_group_next;
            m_fold <= m_fold_next;
            m_lane <= m_lane_next;
            if (issue) begin
                waddr <= mac_done ? {WADDR_WIDTH{1'b0}} : waddr + 1'b1;
            end
            queued <= queued_next;
            pending <= pending_next;
        end
    end

    wire [FOLD_WIDTH-1:0] raddr0 = mac_run && !mac_bank ? m_fold : in_fold;
    wire [FOLD_WIDTH-1:0] raddr1 = mac_run && mac_bank ? m_fold : in_fold;

    always @(posedge ap_clk) begin
        s1_valid <= ap_rst_n && accept;
        if (accept) begin
            s1_first <= in_first_pixel;
            s1_last <= in_image_end;
            s1_bank <= in_bank;
            s1_fold <= in_fold;
            s1_x <= s_axis_x_tdata;
            // Read-during-write returns the old word: forward the one written at this edge.
            s1_fwd <= s1_valid && s1_bank == in_bank && s1_fold == in_fold;
        end
        if (s1_valid) begin
            last_sum <= new_sum;
        end
        if (s1_valid && !s1_bank) begin
            bank0[s1_fold] <= new_sum;
        end
        if (s1_valid && s1_bank) begin
            bank1[s1_fold] <= new_sum;
        end
        rd0 <= bank0[raddr0];
        rd1 <= bank1[raddr1];
    end

    // ---- MAC stage 1: the issued MAC's weights and bias (ROMs) and its bank word (rd0/rd1).
    reg                            m1_valid;
    reg                            m1_first;
    reg                            m1_last;
    reg                            m1_bank;
    reg [LANE_WIDTH-1:0]           m1_lane;
    reg [HEAD_PE*WEIGHT_WIDTH-1:0] m1_weights;
    reg [HEAD_PE*BIAS_WIDTH-1:0]   m1_bias;

    always @(posedge ap_clk) begin
        m1_valid <= ap_rst_n && issue;
        m1_first <= m_fold == {FOLD_WIDTH{1'b0}} && m_lane == {LANE_WIDTH{1'b0}};
        m1_last <= m_last_channel;
        m1_bank <= mac_bank;
        m1_lane <= m_lane;
        m1_weights <= weight_rom[waddr];
        m1_bias <= bias_rom[m_group];
    end

    wire [WORD_WIDTH-1:0] mac_word = m1_bank ? rd1 : rd0;
    wire [SUM_WIDTH-1:0]  v;
    generate
        if (LANES == 1) begin : g_one_lane
            assign v = mac_word;
            wire unused_lane = &{1'b0, m1_lane};
        end else begin : g_lanes
            // A multiplexer over the lanes (an indexed part-select would multiply the index by SUM_WIDTH, which
            // synthesis may map to a DSP).
            wire [SUM_WIDTH-1:0] lane_sums [0:LANES-1];
            for (i = 0; i < LANES; i = i + 1) begin : g_lane
                assign lane_sums[i] = mac_word[i*SUM_WIDTH +: SUM_WIDTH];
            end
            assign v = lane_sums[m1_lane];
        end
    endgenerate

    // ---- MAC stage 2: the products, registered; stage 3: the accumulation.
    reg                          m2_valid;
    reg                          m2_first;
    reg                          m2_last;
    reg [HEAD_PE*BIAS_WIDTH-1:0] m2_bias;
    reg                          m3_done;

    always @(posedge ap_clk) begin
        m2_valid <= ap_rst_n && m1_valid;
        m2_first <= m1_first;
        m2_last <= m1_last;
        m2_bias <= m1_bias;
        m3_done <= ap_rst_n && m2_valid && m2_last;
    end
    assign push = m3_done;

    wire [SHIFT_WIDTH-1:0] shift = shift_rom[0];
    wire [ACC_WIDTH:0]     half = {{ACC_WIDTH{1'b0}}, 1'b1} << shift >> 1;
    wire signed [LOGIT_WIDTH-1:0] logit_max = {1'b0, {(LOGIT_WIDTH-1){1'b1}}};
    wire signed [LOGIT_WIDTH-1:0] logit_min = {1'b1, {(LOGIT_WIDTH-1){1'b0}}};
    wire [HEAD_PE*LOGIT_WIDTH-1:0] results;

    genvar p;
    generate
        for (p = 0; p < HEAD_PE; p = p + 1) begin : g_pe
            wire [WEIGHT_WIDTH-1:0] w = m1_weights[p*WEIGHT_WIDTH +: WEIGHT_WIDTH];
            wire [BIAS_WIDTH-1:0]   bias = m2_bias[p*BIAS_WIDTH +: BIAS_WIDTH];
            wire signed [PROD_WIDTH-1:0] v_w;
            mul_split #(
                .A_WIDTH(SUM_WIDTH),
                .B_WIDTH(WEIGHT_WIDTH),
                .LO_WIDTH(MUL_SPLIT)
            ) mul (
                .a(v),
                .b(w),
                .y(v_w)
            );
            reg signed [PROD_WIDTH-1:0] prod;
            reg signed [ACC_WIDTH-1:0]  acc;
            always @(posedge ap_clk) begin
                if (m1_valid) begin
                    prod <= v_w;
                end
                if (m2_valid) begin
                    acc <= (m2_first ? $signed({{(ACC_WIDTH-BIAS_WIDTH){bias[BIAS_WIDTH-1]}}, bias}) : acc)
                         + $signed({{(ACC_WIDTH-PROD_WIDTH){prod[PROD_WIDTH-1]}}, prod});
                end
            end

            wire signed [ACC_WIDTH:0] rounded = $signed({acc[ACC_WIDTH-1], acc} + half) >>> shift;
            // In range when every bit above the logit's sign bit equals it.
            wire fits = &rounded[ACC_WIDTH:LOGIT_WIDTH-1] || ~|rounded[ACC_WIDTH:LOGIT_WIDTH-1];
            assign results[p*LOGIT_WIDTH +: LOGIT_WIDTH] = fits ? rounded[LOGIT_WIDTH-1:0]
                                                         : rounded[ACC_WIDTH] ? logit_min : logit_max;
        end
    endgenerate

    // ---- Group FIFO and serialiser: HEAD_PE logits per group leave one per beat, class order.
    wire                           group_ready;
    wire                           group_valid;
    wire [HEAD_PE*LOGIT_WIDTH-1:0] group_data;
    reg                            ser_valid;
    reg  [INDEX_WIDTH-1:0]         ser_index;
    reg  [HEAD_PE*LOGIT_WIDTH-1:0] ser_data;
    wire fire = ser_valid && m_axis_logits_tready;
    wire ser_last = ser_index == HEAD_PE[INDEX_WIDTH-1:0] - 1'b1;
    // The serialiser takes the next group when it is empty or sends its last logit now.
    wire load = !ser_valid || (fire && ser_last);
    assign pop = group_valid && load;

    axis_fifo #(
        .DATA_WIDTH(HEAD_PE * LOGIT_WIDTH),
        .DEPTH(GROUP_DEPTH),
        .MEM_STYLE(FIFO_STYLE)
    ) group_fifo (
        .ap_clk(ap_clk),
        .ap_rst_n(ap_rst_n),
        .s_axis_in_tdata(results),
        .s_axis_in_tvalid(push),
        .s_axis_in_tready(group_ready),
        .m_axis_out_tdata(group_data),
        .m_axis_out_tvalid(group_valid),
        .m_axis_out_tready(load)
    );
    // The credits guarantee that the FIFO is ready whenever a group arrives.
    wire unused_group_ready = group_ready;

    always @(posedge ap_clk) begin
        if (!ap_rst_n) begin
            ser_valid <= 1'b0;
            ser_index <= {INDEX_WIDTH{1'b0}};
        end else if (load) begin
            ser_valid <= group_valid;
            ser_index <= {INDEX_WIDTH{1'b0}};
        end else if (fire) begin
            ser_index <= ser_index + 1'b1;
        end
    end

    generate
        if (HEAD_PE == 1) begin : g_single
            always @(posedge ap_clk) begin
                if (load) begin
                    ser_data <= group_data;
                end
            end
        end else begin : g_shift
            always @(posedge ap_clk) begin
                if (load) begin
                    ser_data <= group_data;
                end else if (fire) begin
                    ser_data <= {{LOGIT_WIDTH{1'b0}}, ser_data[HEAD_PE*LOGIT_WIDTH-1:LOGIT_WIDTH]};
                end
            end
        end
    endgenerate

    assign s_axis_x_tready = in_ready;
    assign m_axis_logits_tdata = ser_data[LOGIT_WIDTH-1:0];
    assign m_axis_logits_tvalid = ser_valid;
endmodule

`default_nettype wire
