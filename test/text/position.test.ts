/* A log offset in each database's words: PostgreSQL's LSN, MySQL/MariaDB's binary log file and position. */
import { describe, expect, it } from "vitest";
import { binlogFile, binlogPos, binlogPosition, formatPosition } from "../../src/text/position";

describe("positions", () => {
  it("PostgreSQL prints an LSN: high and low 32 bits in hex", () => {
    expect(formatPosition(0x1a0, "postgres")).toBe("0/1A0");
    expect(formatPosition(2 ** 32 + 16, "postgres")).toBe("1/10");
  });
  it("MySQL/MariaDB: file and byte position; the first event of a file is at 4 (after the magic number)", () => {
    expect(binlogPosition(0)).toBe("mysql-bin.000001:4");
    expect(formatPosition(4563, "mysql")).toBe("mysql-bin.000001:4567");
  });
  it("a file holds max_binlog_size (1 GiB) of the log, then the next one begins at 4 again", () => {
    expect(binlogFile(2 ** 30 - 1)).toBe("mysql-bin.000001");
    expect(binlogFile(2 ** 30)).toBe("mysql-bin.000002");
    expect(binlogPos(2 ** 30)).toBe(4);
    expect(binlogPosition(3 * 2 ** 30 + 100)).toBe("mysql-bin.000004:104");
  });
});
