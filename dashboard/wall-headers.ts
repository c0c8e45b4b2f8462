import { secureHeaders } from "hono/secure-headers";

/**
 * Headers for the embeddable social wall (/embed/wall) only: a cluster's
 * website or an event screen frames it, so any site may be the frame's parent
 * (`frame-ancestors *`, no X-Frame-Options). Everything else stays as strict
 * as on the other pages (page-headers.ts): own files only, no inline script or
 * style. The frame is also allowed to load under a parent's
 * Cross-Origin-Embedder-Policy (CORP cross-origin). Every other page keeps
 * `frame-ancestors 'none'`, so this policy must never be mounted with a wildcard.
 */
export const wallHeaders = secureHeaders({
  contentSecurityPolicy: {
    defaultSrc: ["'self'"],
    scriptSrc: ["'self'"],
    styleSrc: ["'self'"],
    imgSrc: ["'self'", "data:"],
    connectSrc: ["'self'"],
    fontSrc: ["'self'"],
    objectSrc: ["'none'"],
    baseUri: ["'none'"],
    formAction: ["'self'"],
    frameAncestors: ["*"],
  },
  xContentTypeOptions: "nosniff",
  referrerPolicy: "no-referrer",
  xFrameOptions: false,
  crossOriginResourcePolicy: "cross-origin",
  strictTransportSecurity: false,
});
