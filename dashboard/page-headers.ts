import { secureHeaders } from "hono/secure-headers";

/**
 * Headers for the HTML pages. The pages carry no inline script or style (the
 * chart data is a JSON <script type="application/json">, which CSP does not
 * execute), so the policy allows own files only. Applied per page route, not
 * with `use("*")`: mounted at "/", a wildcard middleware would also wrap the
 * API and report routes. HSTS is left to the TLS-terminating proxy.
 */
export const pageHeaders = secureHeaders({
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
    frameAncestors: ["'none'"],
  },
  xContentTypeOptions: "nosniff",
  referrerPolicy: "no-referrer",
  xFrameOptions: "DENY",
  strictTransportSecurity: false,
});
