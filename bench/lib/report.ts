import fs from "node:fs";
import os from "node:os";
import path from "node:path";

export type Row = { bench: string; figure: string; value: string; note?: string };

export class Report {
  rows: Row[] = [];
  data: Record<string, unknown> = {};

  add(bench: string, figure: string, value: string, note?: string) {
    this.rows.push({ bench, figure, value, note });
    process.stdout.write(`  ${bench} · ${figure}: ${value}${note ? `  (${note})` : ""}\n`);
  }

  record(key: string, value: unknown) {
    this.data[key] = value;
  }

  table(): string {
    const head = ["bench", "figure", "value", "note"];
    const lines = [head, ...this.rows.map((r) => [r.bench, r.figure, r.value, r.note ?? ""])];
    const widths = head.map((_, i) => Math.max(...lines.map((l) => l[i].length)));
    const fmt = (l: string[]) => `| ${l.map((c, i) => c.padEnd(widths[i])).join(" | ")} |`;
    return [fmt(head), `|${widths.map((w) => "-".repeat(w + 2)).join("|")}|`, ...lines.slice(1).map(fmt)].join("\n");
  }

  write(dir = path.join("bench", "results")): string {
    fs.mkdirSync(dir, { recursive: true });
    const stamp = new Date().toISOString();
    const machine = {
      cpus: os.cpus().length,
      cpuModel: os.cpus()[0]?.model,
      memoryGiB: Math.round(os.totalmem() / 2 ** 30),
      node: process.version,
    };
    const body = JSON.stringify({ date: stamp, machine, rows: this.rows, data: this.data }, null, 2);
    const file = path.join(dir, `${stamp.replace(/[:.]/g, "-")}.json`);
    fs.writeFileSync(file, body);
    fs.writeFileSync(path.join(dir, "latest.json"), body);
    return file;
  }
}
