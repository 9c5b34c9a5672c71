import { describe, expect, it } from "vitest";
import { formatBytes, formatClockUs, formatDurationUs, formatInterval, formatLsn } from "../../src/ui/views/format";

describe("format", () => {
  it("prints LSNs the way PostgreSQL does", () => {
    expect(formatLsn(0)).toBe("0/0");
    expect(formatLsn(0x16b3a80)).toBe("0/16B3A80");
    expect(formatLsn(2 ** 32 + 0x28)).toBe("1/28");
  });

  it("prints bytes in readable units", () => {
    expect(formatBytes(812)).toBe("812 B");
    expect(formatBytes(4200)).toBe("4.2 kB");
    expect(formatBytes(13_000_000)).toBe("13 MB");
    expect(formatBytes(-1500)).toBe("−1.5 kB");
  });

  it("prints durations and NULL", () => {
    expect(formatDurationUs(null)).toBe("—");
    expect(formatDurationUs(400)).toBe("0.40 ms");
    expect(formatDurationUs(2600)).toBe("2.6 ms");
    expect(formatDurationUs(21_000)).toBe("21 ms");
    expect(formatDurationUs(1_300_000)).toBe("1.3 s");
    expect(formatInterval(null)).toBe("NULL");
    expect(formatInterval(1_234_567)).toBe("00:00:01.234567");
    expect(formatClockUs(12_345_000)).toBe("12.345 s");
  });
});
