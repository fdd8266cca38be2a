// sliding_window: the line buffer of a streaming convolution; a pixel stream in, its K x K windows out.
//
// Function  For each output pixel (oy, ox), oy < OUT_H = (HEIGHT + 2*PADDING - KERNEL) / STRIDE + 1 and
//           ox < OUT_W likewise, in raster order, the KERNEL * KERNEL * FOLDS taps of its window in the order
//           ky (outer), kx, fold f (inner). Tap (ky, kx) is input pixel (oy*STRIDE - PADDING + ky,
//           ox*STRIDE - PADDING + kx); an output beat is {tap_valid, lanes}: tap_valid = 1 and the lanes of
//           beat f of that pixel when it lies inside the image, all zeros when it lies in the padding.
// Order     Input: pixels in raster order, FOLDS = CHANNELS / SIMD beats per pixel, beat f carrying channels
//           f*SIMD .. f*SIMD + SIMD - 1, lane i in s_axis_pixels_tdata[i*ELEM_WIDTH +: ELEM_WIDTH]. Images
//           follow each other back to back; the block counts rows and columns itself (no tlast).
// Buffer    ROWS = KERNEL + STRIDE rows of WIDTH * FOLDS words of SIMD * ELEM_WIDTH bits, a circular buffer
//           of rows (one RAM, registered read). The reader emits an output row once every input row its
//           windows touch is complete; the writer may run up to ROWS rows ahead of the lowest row the
//           reader still needs, so the next output row's input arrives while this one is read.
// Latency   2 cycles from a tap's read to its beat being valid on m_axis_windows (RAM read, output stage);
//           an output row starts 3 cycles after the last input beat it needs is accepted.
// Rate      1 output beat per cycle once the rows are there; the input is accepted at 1 beat per cycle
//           while the writer is less than ROWS rows ahead. Output stage: an axis_fifo of depth 3 fed under
//           a credit count, so every output and s_axis_pixels_tready is a register.
// Reset     ap_rst_n, active low, synchronous; it empties the buffer and starts a new image.
`timescale 1ns / 1ps
`default_nettype none

module sliding_window #(
    parameter integer CHANNELS   = 1,  // channels per pixel, >= 1
    parameter integer SIMD       = 1,  // channels per beat, divides CHANNELS
    parameter integer ELEM_WIDTH = 1,  // bits of one lane, >= 1
    parameter integer KERNEL     = 3,  // kernel size K (square), >= 1
    parameter integer STRIDE     = 1,  // stride, 1 or 2
    parameter integer PADDING    = 0,  // zero padding on every side, 0 .. KERNEL - 1
    parameter integer HEIGHT     = 8,  // input rows, >= KERNEL - 2 * PADDING
    parameter integer WIDTH      = 8,  // input columns, >= KERNEL - 2 * PADDING
    // Read by synthesis only, in the ram_style/rom_style attributes of the memories.
    /* verilator lint_off UNUSEDPARAM */
    parameter         BUFFER_STYLE = "distributed"   // ram_style of the line buffer: "distributed", "block" or "logic"
    /* verilator lint_on UNUSEDPARAM */
) (
    input  wire                             ap_clk,
    input  wire                             ap_rst_n,
    input  wire [SIMD*ELEM_WIDTH-1:0]       s_axis_pixels_tdata,
    input  wire                             s_axis_pixels_tvalid,
    output wire                             s_axis_pixels_tready,
    output wire [SIMD*ELEM_WIDTH:0]         m_axis_windows_tdata,
    output wire                             m_axis_windows_tvalid,
    input  wire                             m_axis_windows_tready
);
    // Beats per pixel.
    localparam integer FOLDS = CHANNELS / SIMD;
    // Bits of one buffer word (one input beat).
    localparam integer BEAT_WIDTH = SIMD * ELEM_WIDTH;
    // Rows held: the window's and the ones written ahead.
    localparam integer ROWS = KERNEL + STRIDE;
    // Words per row, and of the buffer.
    localparam integer ROW_WORDS = WIDTH * FOLDS;
    localparam integer DEPTH = ROWS * ROW_WORDS;
    // Output size.
    localparam integer OUT_H = (HEIGHT + 2 * PADDING - KERNEL) / STRIDE + 1;
    localparam integer OUT_W = (WIDTH + 2 * PADDING - KERNEL) / STRIDE + 1;
    // Bits of a buffer address (DEPTH >= 2).
    localparam integer AW = $clog2(DEPTH);
    // Bits of the fold counter.
    localparam integer FW = FOLDS > 1 ? $clog2(FOLDS) : 1;
    // Bits of a signed coordinate or row count: -HEIGHT - KERNEL .. 2 * (HEIGHT + KERNEL + STRIDE).
    localparam integer SIDE = HEIGHT > WIDTH ? HEIGHT : WIDTH;
    localparam integer CW = $clog2(SIDE + 2 * KERNEL + STRIDE + 1) + 2;
    // The common width of the address arithmetic, signed: wider than both.
    localparam integer XW = (AW > CW ? AW : CW) + 1;
    // The last window's first row and column, and HEIGHT modulo ROWS.
    localparam integer TOP_LAST = (OUT_H - 1) * STRIDE - PADDING;
    localparam integer LEFT_LAST = (OUT_W - 1) * STRIDE - PADDING;
    localparam integer HEIGHT_MOD_ROWS = HEIGHT % ROWS;
    // Beats the output stage and the RAM's read register hold at most.
    localparam integer CREDITS = 3;

    generate
        if (CHANNELS < 1 || SIMD < 1 || SIMD > CHANNELS || CHANNELS % SIMD != 0 || ELEM_WIDTH < 1 || KERNEL < 1
                || (STRIDE != 1 && STRIDE != 2) || PADDING < 0 || PADDING >= KERNEL
                || HEIGHT + 2 * PADDING < KERNEL || WIDTH + 2 * PADDING < KERNEL || XW > 32) begin : g_illegal_parameters
`ifdef __ICARUS__
            // Icarus 11 has no elaboration-time $error: stop at time 0 instead.
            initial $fatal(1, "sliding_window: illegal parameters CHANNELS = %0d, SIMD = %0d, ELEM_WIDTH = %0d, KERNEL = %0d, STRIDE = %0d, PADDING = %0d, HEIGHT = %0d, WIDTH = %0d (need SIMD to divide CHANNELS, STRIDE 1 or 2, 0 <= PADDING < KERNEL, HEIGHT and WIDTH >= KERNEL - 2 * PADDING, a buffer below 2^31 words)",
                           CHANNELS, SIMD, ELEM_WIDTH, KERNEL, STRIDE, PADDING, HEIGHT, WIDTH);
`else
            $error("sliding_window: illegal parameters CHANNELS = %0d, SIMD = %0d, ELEM_WIDTH = %0d, KERNEL = %0d, STRIDE = %0d, PADDING = %0d, HEIGHT = %0d, WIDTH = %0d (need SIMD to divide CHANNELS, STRIDE 1 or 2, 0 <= PADDING < KERNEL, HEIGHT and WIDTH >= KERNEL - 2 * PADDING, a buffer below 2^31 words)",
                   CHANNELS, SIMD, ELEM_WIDTH, KERNEL, STRIDE, PADDING, HEIGHT, WIDTH);
`endif
        end
    endgenerate

    // Constants in the common signed width.
    wire signed [XW-1:0] k_x         = KERNEL[XW-1:0];
    wire signed [XW-1:0] stride_x    = STRIDE[XW-1:0];
    wire signed [XW-1:0] pad_x       = PADDING[XW-1:0];
    wire signed [XW-1:0] height_x    = HEIGHT[XW-1:0];
    wire signed [XW-1:0] width_x     = WIDTH[XW-1:0];
    wire signed [XW-1:0] rows_x      = ROWS[XW-1:0];
    // Row 0 of the next image sits HEIGHT rows after this image's row 0.
    wire signed [XW-1:0] height_mod_rows = HEIGHT_MOD_ROWS[XW-1:0];
    wire signed [XW-1:0] top_last  = TOP_LAST[XW-1:0];
    wire signed [XW-1:0] left_last = LEFT_LAST[XW-1:0];
    wire signed [XW-1:0] one_x     = {{(XW - 1){1'b0}}, 1'b1};
    wire signed [XW-1:0] k_last    = k_x - one_x;
    wire [FW-1:0]        fold_last = FOLDS[FW-1:0] - 1'b1;
    wire [AW-1:0]        depth_last = DEPTH[AW-1:0] - 1'b1;
    wire [AW-1:0]        row_last   = ROW_WORDS[AW-1:0] - 1'b1;

    // ---- Writer: input beats into the circular buffer, row after row.
    reg  [AW-1:0]        wr_addr;   // next word written
    reg  [AW-1:0]        wr_col;    // word within the row being written
    // Rows complete, counted from row 0 of the image the reader is in (negative while the writer finishes
    // rows of the previous image that no window needs).
    reg  signed [XW-1:0] ahead;
    reg                  in_ready;
    wire write    = s_axis_pixels_tvalid && in_ready;
    wire row_done = write && wr_col == row_last;

    // ---- Reader: the window's taps.
    reg  signed [XW-1:0] top;       // oy * STRIDE - PADDING, the window's first input row
    reg  signed [XW-1:0] left;      // ox * STRIDE - PADDING, its first input column
    reg  signed [XW-1:0] ky;
    reg  signed [XW-1:0] kx;
    reg  [FW-1:0]        fold;
    reg  signed [XW-1:0] base_slot; // buffer row of the image's row 0
    reg  signed [XW-1:0] top_slot;  // buffer row of row max(top, 0)
    reg  [1:0]           held;      // taps read and not yet taken from the output

    // a * c for a constant c >= 0, as the shifts and adds of c's set bits: written as a product, synthesis maps the
    // address arithmetic to a DSP slice once c has more than a few bits (Yosys: 1 DSP48E1 at 24 columns of 12 beats).
    function automatic signed [XW-1:0] times_const(input signed [XW-1:0] a, input integer c);
        integer i;
        begin
            times_const = {XW{1'b0}};
            for (i = 0; i < 31; i = i + 1) begin
                if (((c >> i) & 1) != 0) begin
                    times_const = times_const + (a <<< i);
                end
            end
        end
    endfunction

    wire signed [XW-1:0] top_k    = top + k_x;
    wire signed [XW-1:0] row_need = top_k > height_x ? height_x : top_k;
    wire                 pop      = m_axis_windows_tvalid && m_axis_windows_tready;
    wire                 issue    = ahead >= row_need && held < CREDITS[1:0];

    wire signed [XW-1:0] iy = top + ky;
    wire signed [XW-1:0] ix = left + kx;
    wire tap_valid = iy >= 0 && iy < height_x && ix >= 0 && ix < width_x;
    // Rows from max(top, 0) to iy; below ROWS whenever the tap is valid.
    wire signed [XW-1:0] drow     = top < 0 ? iy : ky;
    wire signed [XW-1:0] slot_sum = top_slot + drow;
    wire signed [XW-1:0] slot     = slot_sum >= rows_x ? slot_sum - rows_x : slot_sum;
    wire signed [XW-1:0] addr_x   = times_const(slot, ROW_WORDS) + times_const(ix, FOLDS) + {{(XW - FW){1'b0}}, fold};
    wire [AW-1:0]        rd_addr  = tap_valid ? addr_x[AW-1:0] : {AW{1'b0}};
    wire unused_addr_high = &{1'b0, addr_x[XW-1:AW]};

    wire fold_end   = fold == fold_last;
    wire kx_end     = fold_end && kx == k_last;
    wire window_end = kx_end && ky == k_last;
    wire row_end    = window_end && left == left_last;
    wire image_end  = row_end && top == top_last;

    // The next output row's top, and how many real rows the window's first real row moves down.
    wire signed [XW-1:0] top_next_row = top + stride_x;
    wire signed [XW-1:0] top_clamped  = top < 0 ? {XW{1'b0}} : top;
    wire signed [XW-1:0] next_clamped = top_next_row < 0 ? {XW{1'b0}} : top_next_row;
    wire signed [XW-1:0] top_slot_sum = top_slot + next_clamped - top_clamped;
    wire signed [XW-1:0] base_sum     = base_slot + height_mod_rows;
    wire signed [XW-1:0] base_next    = base_sum >= rows_x ? base_sum - rows_x : base_sum;

    reg  signed [XW-1:0] top_n;
    reg  signed [XW-1:0] top_slot_n;
    reg  signed [XW-1:0] ahead_n;
    always @(*) begin
        top_n      = top;
        top_slot_n = top_slot;
        ahead_n    = ahead + (row_done ? one_x : {XW{1'b0}});
        if (issue && row_end) begin
            if (image_end) begin
                top_n      = -pad_x;
                top_slot_n = base_next;
                ahead_n    = ahead_n - height_x;
            end else begin
                top_n      = top_next_row;
                top_slot_n = top_slot_sum >= rows_x ? top_slot_sum - rows_x : top_slot_sum;
            end
        end
    end
    wire signed [XW-1:0] lowest_n = top_n < 0 ? {XW{1'b0}} : top_n;

    always @(posedge ap_clk) begin
        if (!ap_rst_n) begin
            wr_addr   <= {AW{1'b0}};
            wr_col    <= {AW{1'b0}};
            ahead     <= {XW{1'b0}};
            in_ready  <= 1'b1;
            top       <= -pad_x;
            left      <= -pad_x;
            ky        <= {XW{1'b0}};
            kx        <= {XW{1'b0}};
            fold      <= {FW{1'b0}};
            base_slot <= {XW{1'b0}};
            top_slot  <= {XW{1'b0}};
            held      <= 2'd0;
        end else begin
            if (write) begin
                wr_addr <= wr_addr == depth_last ? {AW{1'b0}} : wr_addr + 1'b1;
                wr_col  <= row_done ? {AW{1'b0}} : wr_col + 1'b1;
            end
            ahead    <= ahead_n;
            // The writer may write row ahead_n while it is fewer than ROWS rows below the reader's lowest row.
            in_ready <= ahead_n < lowest_n + rows_x;
            top      <= top_n;
            top_slot <= top_slot_n;
            held     <= held + {1'b0, issue} - {1'b0, pop};
            if (issue) begin
                fold <= fold_end ? {FW{1'b0}} : fold + 1'b1;
                if (fold_end) begin
                    kx <= kx == k_last ? {XW{1'b0}} : kx + one_x;
                end
                if (kx_end) begin
                    ky <= ky == k_last ? {XW{1'b0}} : ky + one_x;
                end
                if (window_end) begin
                    left <= row_end ? -pad_x : left + stride_x;
                end
                if (image_end) begin
                    base_slot <= base_next;
                end
            end
        end
    end

    // ---- The buffer: one write port, one registered read port.
    (* ram_style = BUFFER_STYLE *) reg [BEAT_WIDTH-1:0] buffer [0:DEPTH-1];
    reg [BEAT_WIDTH-1:0] rd_data;
    reg                  rd_tap;
    reg                  rd_valid;
    always @(posedge ap_clk) begin
        if (write) begin
            buffer[wr_addr] <= s_axis_pixels_tdata;
        end
        if (issue) begin
            rd_data <= buffer[rd_addr];
            rd_tap  <= tap_valid;
        end
    end
    always @(posedge ap_clk) begin
        if (!ap_rst_n) begin
            rd_valid <= 1'b0;
        end else begin
            rd_valid <= issue;
        end
    end

    wire [BEAT_WIDTH:0] beat = rd_tap ? {1'b1, rd_data} : {(BEAT_WIDTH + 1){1'b0}};
    // The credit count keeps the stage from filling: its ready is always high when a beat arrives.
    wire unused_stage_ready;

    axis_fifo #(
        .DATA_WIDTH(BEAT_WIDTH + 1),
        .DEPTH(CREDITS)
    ) output_stage (
        .ap_clk(ap_clk),
        .ap_rst_n(ap_rst_n),
        .s_axis_in_tdata(beat),
        .s_axis_in_tvalid(rd_valid),
        .s_axis_in_tready(unused_stage_ready),
        .m_axis_out_tdata(m_axis_windows_tdata),
        .m_axis_out_tvalid(m_axis_windows_tvalid),
        .m_axis_out_tready(m_axis_windows_tready)
    );

    assign s_axis_pixels_tready = in_ready;
endmodule

`default_nettype wire
