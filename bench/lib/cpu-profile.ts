// Reads a V8 .cpuprofile (node --cpu-prof) and says where the time went: self time
// grouped by package (node_modules/<name>), by our own bundled code's function, by Node's
// internals, and by V8's own buckets ((garbage collector), (program), (idle)).
import fs from "node:fs";

type ProfileNode = {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  hitCount?: number;
  children?: number[];
};
type CpuProfile = { nodes: ProfileNode[]; startTime: number; endTime: number; samples?: number[]; timeDeltas?: number[] };

export type ProfileGroup = { group: string; ms: number; share: number };

/** Where a frame's self time is counted: a package, a function of our bundle, node internals, or V8's buckets. */
function groupOf(frame: ProfileNode["callFrame"]): string {
  const { url, functionName } = frame;
  if (!url) return functionName.startsWith("(") ? functionName : `(native) ${functionName || "anonymous"}`;
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (pkg) return pkg[1]!;
  if (url.startsWith("node:")) return `node:${url.slice(5).split("/")[0]}`;
  return `app ${functionName || "anonymous"} (${url.split("/").slice(-1)[0]})`;
}

/** Self time per group, largest first, and the profile's busy (non-idle) time. */
export function summarizeProfile(file: string, top = 20): { busyMs: number; groups: ProfileGroup[] } {
  const profile = JSON.parse(fs.readFileSync(file, "utf8")) as CpuProfile;
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const selfUs = new Map<number, number>();
  const samples = profile.samples ?? [];
  const deltas = profile.timeDeltas ?? [];
  for (let i = 0; i < samples.length; i++) {
    // A sample's time is the gap to the next sample.
    const dt = deltas[i + 1] ?? 0;
    selfUs.set(samples[i]!, (selfUs.get(samples[i]!) ?? 0) + dt);
  }
  const groups = new Map<string, number>();
  let busyUs = 0;
  for (const [id, us] of selfUs) {
    const g = groupOf(byId.get(id)!.callFrame);
    if (g === "(idle)") continue;
    busyUs += us;
    groups.set(g, (groups.get(g) ?? 0) + us);
  }
  const sorted = [...groups.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, top)
    .map(([group, us]) => ({ group, ms: us / 1000, share: busyUs ? us / busyUs : 0 }));
  return { busyMs: busyUs / 1000, groups: sorted };
}

export function formatProfile(summary: { busyMs: number; groups: ProfileGroup[] }, requests: number): string {
  const perReq = (ms: number) => (requests ? `${((ms / requests) * 1000).toFixed(0)} µs/req` : "");
  return summary.groups.map((g) => `    ${(g.share * 100).toFixed(1).padStart(5)} %  ${perReq(g.ms).padStart(12)}  ${g.group}`).join("\n");
}
