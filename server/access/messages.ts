import type { UiLang } from "../../dashboard/i18n/index.ts";

/** The access pages' texts, German first (the dashboard's i18n files stay with the dashboard). */
export const ACCESS_MESSAGES = {
  de: {
    loginTitle: "Anmelden",
    loginIntro: "Melden Sie sich mit dem Passwort an, das Ihnen die Betreiber:innen gegeben haben.",
    passwordLabel: "Passwort",
    loginSubmit: "Anmelden",
    loginWrong: "Das Passwort ist falsch. Bitte versuchen Sie es noch einmal.",
    loginLimited: (minutes: number) =>
      `Zu viele Fehlversuche. Bitte versuchen Sie es in ${minutes} Minute${minutes === 1 ? "" : "n"} noch einmal.`,
    loginNone:
      "Hier ist keine Anmeldung eingerichtet. Die Betreiber:innen setzen dafür die Umgebungsvariable RESONANZ_ADMIN_PASSWORD (oder RESONANZ_ADMIN_PASSWORD_HASH, erzeugt mit „npm run hash-password“) und starten Resonanz neu.",
    loggedInAs: (role: string) => `Sie sind angemeldet als ${role}.`,
    roles: { admin: "Administrator:in", viewer: "Betrachter:in", share: "Gast (geteilter Link)" } as Record<
      string,
      string
    >,
    forbiddenTitle: "Kein Zugriff",
    noAdminTitle: "Keine Verwaltung eingerichtet",
    noAdmin:
      "Für diese Seite braucht es eine Anmeldung als Administrator:in, und hier ist kein Administrator-Passwort gesetzt. Setzen Sie die Umgebungsvariable RESONANZ_ADMIN_PASSWORD (oder RESONANZ_ADMIN_PASSWORD_HASH, erzeugt mit „npm run hash-password“) und starten Sie Resonanz neu.",
    adminOnly: "Diese Seite ist Administrator:innen vorbehalten.",
    outOfScope: "Ihr geteilter Link gilt nicht für diese Seite.",
    toLogin: "Zur Anmeldung",
    toStart: "Zur Startseite",
    csrf: "Das Formular ist abgelaufen oder kam nicht von dieser Seite. Bitte laden Sie die Seite neu und senden Sie es noch einmal.",
    linkTitle: "Link nicht gültig",
    linkExpired: "Dieser geteilte Link ist abgelaufen. Bitten Sie die Absender:innen um einen neuen.",
    linkRevoked: "Dieser geteilte Link wurde widerrufen. Bitten Sie die Absender:innen um einen neuen.",
    linkInvalid: "Diesen Link gibt es nicht. Prüfen Sie, ob er vollständig kopiert wurde.",
  },
  en: {
    loginTitle: "Log in",
    loginIntro: "Log in with the password the operators gave you.",
    passwordLabel: "Password",
    loginSubmit: "Log in",
    loginWrong: "The password is wrong. Please try again.",
    loginLimited: (minutes: number) =>
      `Too many failed attempts. Please try again in ${minutes} minute${minutes === 1 ? "" : "s"}.`,
    loginNone:
      "No login is set up here. The operators set the environment variable RESONANZ_ADMIN_PASSWORD (or RESONANZ_ADMIN_PASSWORD_HASH, made with “npm run hash-password”) and restart Resonanz.",
    loggedInAs: (role: string) => `You are logged in as ${role}.`,
    roles: { admin: "administrator", viewer: "viewer", share: "guest (shared link)" } as Record<
      string,
      string
    >,
    forbiddenTitle: "No access",
    noAdminTitle: "No administration set up",
    noAdmin:
      "This page needs an administrator login, and no administrator password is set here. Set the environment variable RESONANZ_ADMIN_PASSWORD (or RESONANZ_ADMIN_PASSWORD_HASH, made with “npm run hash-password”) and restart Resonanz.",
    adminOnly: "This page is for administrators only.",
    outOfScope: "Your shared link does not cover this page.",
    toLogin: "Go to the login",
    toStart: "Go to the start page",
    csrf: "The form has expired or did not come from this site. Please reload the page and send it again.",
    linkTitle: "Link not valid",
    linkExpired: "This shared link has expired. Please ask the sender for a new one.",
    linkRevoked: "This shared link has been revoked. Please ask the sender for a new one.",
    linkInvalid: "This link does not exist. Please check that it was copied completely.",
  },
} satisfies Record<UiLang, unknown>;

export type AccessMessages = (typeof ACCESS_MESSAGES)[UiLang];
