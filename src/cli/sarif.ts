/** SARIF 2.1.0 output for `archscale check --format sarif` (GitHub code scanning). */
import { pathToFileURL } from 'node:url';
import { relative, sep } from 'node:path';
import type { Rule } from '../core/rules/types.js';
import type { FileDiagnostic } from '../language/workspace.js';

const LEVEL: Record<FileDiagnostic['severity'], 'error' | 'warning' | 'note'> = {
  error: 'error',
  warning: 'warning',
  info: 'note',
  hint: 'note',
};

export function toSarif(
  diagnostics: readonly FileDiagnostic[],
  rules: readonly Rule[],
  cwd: string,
  version: string,
): object {
  const artifact = (file: string) => {
    const rel = relative(cwd, file);
    return rel && !rel.startsWith('..')
      ? { uri: rel.split(sep).join('/'), uriBaseId: '%SRCROOT%' }
      : { uri: pathToFileURL(file).href };
  };
  const ruleIndex = new Map(rules.map((r, i) => [r.id, i]));
  return {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'archscale',
            version,
            informationUri: 'https://example.invalid/archscale',
            rules: rules.map((r) => ({
              id: r.id,
              name: r.id.replace(/(^|-)([a-z])/g, (_, __, c: string) => c.toUpperCase()),
              shortDescription: { text: r.description },
              fullDescription: { text: `${r.description} (${r.concept})` },
              helpUri: `https://example.invalid/archscale/docs/rules/${r.id}.md`,
              defaultConfiguration: { level: LEVEL[r.defaultSeverity] },
            })),
          },
        },
        originalUriBaseIds: { '%SRCROOT%': { uri: pathToFileURL(cwd.endsWith(sep) ? cwd : cwd + sep).href } },
        results: diagnostics.map((d) => {
          const index = ruleIndex.get(d.code);
          return {
            ruleId: d.code,
            ...(index !== undefined ? { ruleIndex: index } : {}),
            level: LEVEL[d.severity],
            message: { text: d.message },
            locations: [
              {
                physicalLocation: {
                  artifactLocation: artifact(d.file),
                  region: { startLine: d.line, startColumn: d.column, endLine: d.endLine, endColumn: d.endColumn },
                },
              },
            ],
            ...(d.related?.length
              ? {
                  relatedLocations: d.related.map((r, i) => ({
                    id: i,
                    message: { text: r.message },
                    physicalLocation: {
                      artifactLocation: artifact(r.file),
                      region: { startLine: r.line, startColumn: r.column },
                    },
                  })),
                }
              : {}),
          };
        }),
      },
    ],
  };
}
