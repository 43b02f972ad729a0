import type { MetaFunction } from "@remix-run/node";
import { pageMeta } from "~/lib/page-meta";
import { Link } from "@remix-run/react";
import { FeatureCard } from "~/components/feature-card";
import { BoltIcon, GaugeIcon, GlobeIcon, PaletteIcon, PhotoIcon, SparklesIcon } from "~/components/icons";

export const meta: MetaFunction = pageMeta(() => [
  { title: "Image Studio — write a prompt, get a picture" },
  { name: "description", content: "Write a prompt, let a language model improve it, render it, and share it on a public gallery." },
]);

const features = [
  {
    icon: <SparklesIcon />,
    title: "Better prompts",
    body: "A language model rewrites your idea into a richer prompt. See the before and after, edit it, or skip it.",
  },
  {
    icon: <PaletteIcon />,
    title: "Styles and shapes",
    body: "Pick a style preset, an aspect ratio and a level of detail. Set a seed to get the same picture again.",
  },
  {
    icon: <BoltIcon />,
    title: "Live progress",
    body: "Watch each stage — optimizing, rendering, storing — as it happens, not a spinner that guesses.",
  },
  {
    icon: <PhotoIcon />,
    title: "Your history",
    body: "Every picture you make is kept with its prompts and settings, ready to download or remix.",
  },
  { icon: <GlobeIcon />, title: "Public gallery", body: "Share the ones you love. Each gets a page of its own with a link preview." },
  {
    icon: <GaugeIcon />,
    title: "Fair limits",
    body: "Per-minute limits and a daily quota keep it fast for everyone, and failures never cost you quota.",
  },
];

export default function Index() {
  return (
    <div className="py-16">
      <section className="mx-auto max-w-3xl text-center">
        <h1 className="text-4xl font-bold tracking-tight sm:text-5xl">
          Write a prompt.{" "}
          <span className="bg-gradient-to-r from-violet-600 via-fuchsia-500 to-amber-500 bg-clip-text text-transparent">
            Get a picture.
          </span>
        </h1>
        <p className="mt-6 text-lg text-zinc-600 dark:text-zinc-400">
          An open image studio: improve your prompt with a language model, render it, keep it, and share it.
        </p>
        <div className="mt-10 flex flex-wrap justify-center gap-3">
          <Link to="/create" className="rounded-lg bg-violet-600 px-5 py-2.5 font-semibold text-white shadow hover:bg-violet-700">
            Open the studio
          </Link>
          <Link
            to="/discover"
            className="rounded-lg border border-zinc-300 px-5 py-2.5 font-semibold text-zinc-800 hover:bg-zinc-100 dark:border-zinc-700 dark:text-zinc-100 dark:hover:bg-zinc-900"
          >
            Browse the gallery
          </Link>
        </div>
      </section>
      <section aria-labelledby="features" className="mt-20">
        <h2 id="features" className="sr-only">
          Features
        </h2>
        <div className="grid gap-4 sm:grid-cols-2 lg:grid-cols-3">
          {features.map((f) => (
            <FeatureCard key={f.title} {...f} />
          ))}
        </div>
      </section>
    </div>
  );
}
