// The part of autocannon 8's programmatic API the bench uses (it ships no types).
declare module "autocannon" {
  type Stats = { average: number; mean: number; total: number; p50: number; p99: number; max: number };
  export type Result = {
    requests: Stats;
    latency: Stats;
    throughput: Stats;
    errors: number;
    timeouts: number;
    non2xx: number;
  };
  export type Options = { url: string; connections?: number; duration?: number; timeout?: number; headers?: Record<string, string> };
  export default function autocannon(options: Options): Promise<Result>;
}
