// axis_fifo: a first-in first-out buffer between two AXI-Streams, every output driven by a register.
//
// Function  m_axis_out carries the s_axis_in beats in order, unchanged.
// Capacity  DEPTH beats: DEPTH - 1 in a memory and one in the output register.
// Latency   1 cycle: a beat accepted in cycle n into an empty FIFO is valid on m_axis_out in cycle n + 1.
// Rate      1 beat per cycle for DEPTH >= 2; DEPTH = 1 alternates (1 beat per 2 cycles), because
//           s_axis_in_tready is a register and cannot see the output being freed in the same cycle.
// Ready     s_axis_in_tready is a register: high in cycle n + 1 exactly when fewer than DEPTH beats are
//           held after the edge ending cycle n. It is high in the first cycle after reset.
// Reset     ap_rst_n, active low, synchronous; it empties the FIFO. Data registers are not reset.
// Memory    read synchronously into the output register (a RAM with a registered read port).
`timescale 1ns / 1ps
`default_nettype none

module axis_fifo #(
    parameter integer DATA_WIDTH = 8,  // bits of one beat, >= 1
    parameter integer DEPTH      = 2,  // beats held, >= 1
    // Read by synthesis only, in the ram_style/rom_style attributes of the memories.
    /* verilator lint_off UNUSEDPARAM */
    parameter         MEM_STYLE = "distributed"   // ram_style of the buffer: "distributed", "block" or "logic"
    /* verilator lint_on UNUSEDPARAM */
) (
    input  wire                  ap_clk,
    input  wire                  ap_rst_n,
    input  wire [DATA_WIDTH-1:0] s_axis_in_tdata,
    input  wire                  s_axis_in_tvalid,
    output wire                  s_axis_in_tready,
    output wire [DATA_WIDTH-1:0] m_axis_out_tdata,
    output wire                  m_axis_out_tvalid,
    input  wire                  m_axis_out_tready
);
    // Entries of the memory behind the output register.
    localparam integer MEM_DEPTH = DEPTH - 1;
    // A memory of one or two entries is registers on every family; MEM_STYLE applies from three.
    /* verilator lint_off UNUSEDPARAM */
    localparam MEM_STYLE_USED = MEM_DEPTH <= 2 ? "logic" : MEM_STYLE;
    /* verilator lint_on UNUSEDPARAM */
    // Bits of a memory address (1 when the memory has at most one entry).
    localparam integer ADDR_WIDTH = MEM_DEPTH > 1 ? $clog2(MEM_DEPTH) : 1;
    // Bits of an occupancy count 0..DEPTH.
    localparam integer COUNT_WIDTH = $clog2(DEPTH + 1);

    generate
        if (DATA_WIDTH < 1 || DEPTH < 1) begin : g_illegal_parameters
`ifdef __ICARUS__
            // Icarus 11 has no elaboration-time $error: stop at time 0 instead.
            initial $fatal(1, "axis_fifo: illegal parameters DATA_WIDTH = %0d, DEPTH = %0d (both must be >= 1)",
                           DATA_WIDTH, DEPTH);
`else
            $error("axis_fifo: illegal parameters DATA_WIDTH = %0d, DEPTH = %0d (both must be >= 1)",
                   DATA_WIDTH, DEPTH);
`endif
        end
    endgenerate

    reg [DATA_WIDTH-1:0] out_data;
    reg                  out_valid;
    reg                  in_ready;
    reg [COUNT_WIDTH-1:0] mem_count;

    wire push     = s_axis_in_tvalid && in_ready;
    wire pop      = out_valid && m_axis_out_tready;
    // The output register takes a new beat at this edge when it is empty or being emptied.
    wire load_out = !out_valid || pop;
    wire mem_empty = mem_count == {COUNT_WIDTH{1'b0}};
    // A pushed beat bypasses the memory when the memory is empty and the output register is free.
    wire bypass   = push && load_out && mem_empty;
    wire mem_pop  = load_out && !mem_empty;
    wire mem_push = push && !bypass;

    wire [COUNT_WIDTH-1:0] mem_count_next = mem_count + {{(COUNT_WIDTH - 1){1'b0}}, mem_push}
                                                      - {{(COUNT_WIDTH - 1){1'b0}}, mem_pop};
    wire out_valid_next = load_out ? (mem_pop || bypass) : 1'b1;
    wire [COUNT_WIDTH-1:0] held_next = mem_count_next + {{(COUNT_WIDTH - 1){1'b0}}, out_valid_next};

    always @(posedge ap_clk) begin
        if (!ap_rst_n) begin
            out_valid <= 1'b0;
            in_ready  <= 1'b1;
            mem_count <= {COUNT_WIDTH{1'b0}};
        end else begin
            out_valid <= out_valid_next;
            in_ready  <= held_next < DEPTH[COUNT_WIDTH-1:0];
            mem_count <= mem_count_next;
        end
    end

    generate
        if (MEM_DEPTH == 0) begin : g_register_only
            always @(posedge ap_clk) begin
                if (bypass) begin
                    out_data <= s_axis_in_tdata;
                end
            end
        end else begin : g_memory
            (* ram_style = MEM_STYLE_USED *) reg [DATA_WIDTH-1:0] mem [0:MEM_DEPTH-1];
            reg [ADDR_WIDTH-1:0] rd_addr;
            reg [ADDR_WIDTH-1:0] wr_addr;
            wire [ADDR_WIDTH-1:0] last_addr = MEM_DEPTH[ADDR_WIDTH-1:0] - 1'b1;

            always @(posedge ap_clk) begin
                if (!ap_rst_n) begin
                    rd_addr <= {ADDR_WIDTH{1'b0}};
                    wr_addr <= {ADDR_WIDTH{1'b0}};
                end else begin
                    if (mem_pop) begin
                        rd_addr <= rd_addr == last_addr ? {ADDR_WIDTH{1'b0}} : rd_addr + 1'b1;
                    end
                    if (mem_push) begin
                        wr_addr <= wr_addr == last_addr ? {ADDR_WIDTH{1'b0}} : wr_addr + 1'b1;
                    end
                end
            end

            always @(posedge ap_clk) begin
                if (mem_push) begin
                    mem[wr_addr] <= s_axis_in_tdata;
                end
                if (mem_pop) begin
                    out_data <= mem[rd_addr];
                end else if (bypass) begin
                    out_data <= s_axis_in_tdata;
                end
            end
        end
    endgenerate

    assign s_axis_in_tready = in_ready;
    assign m_axis_out_tdata  = out_data;
    assign m_axis_out_tvalid = out_valid;
endmodule

`default_nettype wire
