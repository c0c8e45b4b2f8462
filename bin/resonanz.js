#!/usr/bin/env node
// The `resonanz` bin: loads the TypeScript entry point in this same process (tsx as a
// loader), so signals reach Resonanz itself and SIGTERM always means a clean stop.
import { register } from "tsx/esm/api";

register();
await import("../server/main.ts");
