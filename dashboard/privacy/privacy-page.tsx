import type { AssetUrls } from "../assets.ts";
import { Layout } from "../components/layout.tsx";
import type { ContactBlock, PrivacyNoticeModel } from "./view-model.ts";

export interface PrivacyPageProps {
  model: PrivacyNoticeModel;
  assets: AssetUrls;
}

/**
 * Datenschutzhinweise: plain text sections under one heading each, no script.
 * Missing operator settings are said first and in words ("Nicht
 * konfiguriert: …"), never only by colour.
 */
export function PrivacyPage(props: PrivacyPageProps) {
  const { model } = props;
  const isEn = model.lang === "en";
  return (
    <Layout
      lang={model.lang}
      title={model.title}
      assets={props.assets}
      otherLangHref={isEn ? "/datenschutz" : "/datenschutz?lang=en"}
    >
      <h1>{model.heading}</h1>
      <p>{model.intro}</p>
      {model.warnings.map((w) => (
        <p class="notice notice-error">
          <strong>{w.label}</strong> {w.text}
        </p>
      ))}

      {model.controller ? <Contact id="privacy-controller" block={model.controller} /> : null}
      {model.dpo ? <Contact id="privacy-dpo" block={model.dpo} /> : null}

      <section aria-labelledby="privacy-what">
        <h2 id="privacy-what">{model.what.heading}</h2>
        <p>{model.what.text}</p>
        <h3>{model.what.platformsLabel}</h3>
        <ul>
          {model.what.platforms.map((p) => (
            <li>{p}</li>
          ))}
        </ul>
        <h3>{model.what.hashtagsLabel}</h3>
        <ul>
          {model.what.campaigns.map((c) => (
            <li>
              {c.name} ({c.period}): {c.hashtags}
            </li>
          ))}
        </ul>
      </section>

      <section aria-labelledby="privacy-why">
        <h2 id="privacy-why">{model.why.heading}</h2>
        <p>{model.why.text}</p>
      </section>

      <section aria-labelledby="privacy-basis">
        <h2 id="privacy-basis">{model.legalBasis.heading}</h2>
        {model.legalBasis.text ? <p>{model.legalBasis.text}</p> : null}
      </section>

      <section aria-labelledby="privacy-retention">
        <h2 id="privacy-retention">{model.retention.heading}</h2>
        {model.retention.paragraphs.map((p) => (
          <p>{p}</p>
        ))}
      </section>

      <section aria-labelledby="privacy-rights">
        <h2 id="privacy-rights">{model.rights.heading}</h2>
        <ul>
          {model.rights.items.map((r) => (
            <li>{r}</li>
          ))}
        </ul>
        <h3>{model.howToAsk.heading}</h3>
        <p>{model.howToAsk.text}</p>
        {model.howToAsk.contact ? (
          <p>
            {model.howToAsk.contact.label}:{" "}
            <a href={model.howToAsk.contact.href}>{model.howToAsk.contact.address}</a>
          </p>
        ) : null}
      </section>

      <section aria-labelledby="privacy-cookies">
        <h2 id="privacy-cookies">{model.cookies.heading}</h2>
        {model.cookies.paragraphs.map((p) => (
          <p>{p}</p>
        ))}
      </section>
    </Layout>
  );
}

function Contact(props: { id: string; block: ContactBlock }) {
  const { block } = props;
  return (
    <section aria-labelledby={props.id}>
      <h2 id={props.id}>{block.heading}</h2>
      <address>
        {block.lines.map((l, i) => (
          <>
            {i > 0 ? <br /> : null}
            {l}
          </>
        ))}
        {block.email ? (
          <>
            <br />
            {block.email.label}: <a href={block.email.href}>{block.email.address}</a>
          </>
        ) : null}
      </address>
    </section>
  );
}
