import { readFileSync } from "node:fs";

/** The parts of the shipped cluster registry (data/registry) the demo world names clusters by. */
export interface RegistryCluster {
  id: string;
  name: string;
  shortName: string | null;
  aliases: string[] | null;
  state: string | string[] | null;
  city: string | null;
  website: string | null;
  hashtags: string[] | null;
}

export interface RegistryEvent {
  id: string;
  edition: number;
  title: string;
  date: string | null;
  city: string | null;
  state: string | null;
  organisingCluster: string | null;
}

const DIR = new URL("../../data/registry/", import.meta.url);

export function loadRegistry(): { clusters: RegistryCluster[]; events: RegistryEvent[] } {
  const clusters = (
    JSON.parse(readFileSync(new URL("clusters.json", DIR), "utf8")) as { clusters: RegistryCluster[] }
  ).clusters;
  const events = (
    JSON.parse(readFileSync(new URL("events.json", DIR), "utf8")) as { events: RegistryEvent[] }
  ).events;
  return { clusters, events };
}
