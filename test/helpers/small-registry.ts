import type { CampaignEvent } from "../../data/analysis/events.ts";
import { parseRegistry } from "../../data/analysis/registry.ts";

/** Four clusters (one spanning two Länder) for the rollup and store tests' random worlds. */
export const SMALL_REGISTRY = parseRegistry({
  clusters: [
    { id: "its-owl", name: "it's OWL Clustermanagement GmbH", shortName: "it's OWL", state: "DE-NW" },
    { id: "biorn", name: "BioRN Network e.V.", shortName: "BioRN", state: "DE-BW" },
    {
      id: "software-cluster",
      name: "Software-Cluster",
      shortName: "Software-Cluster",
      state: ["DE-HE", "DE-BW"],
    },
    { id: "medical-valley", name: "Medical Valley EMN", shortName: "Medical Valley", state: "DE-BY" },
  ],
});

/** A one-day event of a cluster and a multi-day one of none. */
export const SMALL_EVENTS: CampaignEvent[] = [
  {
    id: "owl-tag",
    title: "OWL-Tag",
    start: "2017-04-21",
    end: "2017-04-21",
    city: null,
    state: "DE-NW",
    cluster: "its-owl",
    hashtag: "owltag",
  },
  {
    id: "messe",
    title: "Messe",
    start: "2017-04-24",
    end: "2017-04-28",
    city: null,
    state: "DE-NI",
    cluster: null,
    hashtag: "hm17",
  },
];
