/**
 * VS Code settings -> rule settings. The client sends the `archscale` section; it is validated
 * with the same zod schema as the CLI's archscale.json, and a bad value is reported to the user
 * (the previous settings stay in force) instead of being silently ignored.
 */
import { DefaultConfigurationProvider, type LangiumSharedCoreServices } from 'langium';
import type { Connection } from 'vscode-languageserver';
import { RULE_IDS } from '../core/rules/registry.js';
import { parseRuleSettings } from '../core/rules/settings.js';
import type { InsightService } from '../language/insight.js';

/** Reads the `archscale` settings section (not the language id `arch`). */
export class ArchscaleConfigurationProvider extends DefaultConfigurationProvider {
  protected override toSectionName(_languageId: string): string {
    return 'archscale';
  }
}

/** Picks the rule-related part of the `archscale` section (it also holds trace, hints...). */
export function ruleSettingsInput(section: unknown): unknown {
  if (typeof section !== 'object' || section === null) return {};
  const s = section as Record<string, unknown>;
  return { rules: s.rules ?? {}, thresholds: s.thresholds ?? {} };
}

export function watchSettings(
  shared: LangiumSharedCoreServices,
  insight: InsightService,
  connection: Connection | undefined,
): void {
  const provider = shared.workspace.ConfigurationProvider;
  const apply = async (section: unknown) => {
    const r = parseRuleSettings(ruleSettingsInput(section), RULE_IDS);
    if (!r.ok) {
      void connection?.window.showErrorMessage(`archscale settings: ${r.errors.join('; ')}`);
      return;
    }
    if (JSON.stringify(r.settings) === JSON.stringify(insight.getSettings())) return;
    // Re-validate every document, through the workspace's write lock like any other change: a
    // build run beside another one could mark a document linked whose references the other
    // build had just reset (the figures then showed no load at all).
    await shared.workspace.WorkspaceLock.write((token) => {
      insight.setSettings(r.settings);
      const uris = shared.workspace.LangiumDocuments.all.map((d) => d.uri).toArray();
      return shared.workspace.DocumentBuilder.update(uris, [], token);
    });
  };
  provider.onConfigurationSectionUpdate(({ section, configuration }) => {
    if (section === 'archscale') void apply(configuration);
  });
  void (async () => {
    const rules = await provider.getConfiguration('arch', 'rules');
    const thresholds = await provider.getConfiguration('arch', 'thresholds');
    if (rules !== undefined || thresholds !== undefined) await apply({ rules, thresholds });
  })();
}
