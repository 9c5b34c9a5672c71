/*
 * The glossary in the page: every term, grouped as in docs/glossary.md (both come from
 * terms.ts). Each entry is the target of the tooltips' links (#glossary-<id>).
 */
import { FAMILY_TITLES, GLOSSARY } from "./terms";

export function GlossaryPanel() {
  return (
    <section className="panel rl-panel rl-glossary" id="glossary" aria-labelledby="glossary-title">
      <div className="rl-panel__head">
        <h2 id="glossary-title">Glossary</h2>
        <span className="rl-panel__note">every term on this page; hover or focus a dotted word to see its entry</span>
      </div>
      <div className="rl-glossary__families">
        {(["general", "postgres", "mysql"] as const).map((family) => (
          <div key={family}>
            <h3>{FAMILY_TITLES[family]}</h3>
            <dl>
              {GLOSSARY.filter((t) => t.family === family).map((t) => (
                <div key={t.id} id={`glossary-${t.id}`} className="rl-glossary__entry" tabIndex={-1}>
                  <dt>{t.term}</dt>
                  <dd id={`glossary-text-${t.id}`}>{t.text}</dd>
                </div>
              ))}
            </dl>
          </div>
        ))}
      </div>
    </section>
  );
}
