import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { contributedSettings } from '../../src/core/rules/contributed-settings.js';
import { RULE_IDS } from '../../src/core/rules/registry.js';
import { DEFAULT_RULE_SETTINGS, parseRuleSettings } from '../../src/core/rules/settings.js';
import { ruleSettingsInput } from '../../src/server/settings.js';
import { ROOT } from './helpers.js';

describe('settings', () => {
  it('package.json contributes exactly the settings the code defines (npm run settings:update)', () => {
    const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
      contributes: { configuration: { properties: Record<string, unknown> } };
    };
    const declared = Object.fromEntries(
      Object.entries(pkg.contributes.configuration.properties).filter(([k]) =>
        /^archscale\.(rules|thresholds|inlayHints)\./.test(k),
      ),
    );
    expect(declared).toEqual(contributedSettings());
    expect(Object.keys(declared).filter((k) => k.startsWith('archscale.rules.'))).toHaveLength(RULE_IDS.length);
  });

  it('reads the VS Code section the way VS Code nests dotted settings', () => {
    const section = {
      trace: { server: 'off' },
      inlayHints: { load: true },
      rules: { [RULE_IDS[0]!]: { severity: 'off' } },
      thresholds: { headroomUtilization: 0.75 },
    };
    const r = parseRuleSettings(ruleSettingsInput(section), RULE_IDS);
    expect(r.ok && r.settings.rules[RULE_IDS[0]!]).toEqual({ severity: 'off' });
    expect(r.ok && r.settings.thresholds.headroomUtilization).toBe(0.75);
    expect(r.ok && r.settings.thresholds.slowSyncMs).toBe(DEFAULT_RULE_SETTINGS.thresholds.slowSyncMs);
  });

  it('rejects bad values with the setting path', () => {
    const bad = parseRuleSettings(
      ruleSettingsInput({ rules: { [RULE_IDS[0]!]: { severity: 'loud' } }, thresholds: { headroomUtilization: -1 } }),
      RULE_IDS,
    );
    expect(bad.ok).toBe(false);
    if (!bad.ok) {
      expect(bad.errors.join('\n')).toContain(
        `rules.${RULE_IDS[0]}.severity: expected one of error, warning, info, hint, off`,
      );
      expect(bad.errors.join('\n')).toContain('thresholds.headroomUtilization');
    }
  });
});
