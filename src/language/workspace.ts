/**
 * Loading .arch files outside an editor (CLI, tests, bench): create documents from files or
 * strings, follow imports transitively, build (parse, link, validate) and collect diagnostics
 * and the plain model.
 */
import { URI, type LangiumDocument, type LangiumSharedCoreServices } from 'langium';
import type { Diagnostic } from 'vscode-languageserver';
import type { Model } from '../core/model.js';
import { createArchscaleCoreServices, type ArchscaleServices } from './archscale-module.js';
import type { Document } from './generated/ast.js';
import { resolveImport } from './scope.js';
import { buildModel } from './to-model.js';

export type Severity = 'error' | 'warning' | 'info' | 'hint';

/** A diagnostic as the CLI prints it: 1-based line and column. */
export interface FileDiagnostic {
  file: string;
  uri: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  severity: Severity;
  code: string;
  message: string;
  /** Other places involved (rule findings). */
  related?: { file: string; line: number; column: number; message: string }[];
}

export interface FileSystemLike {
  exists(path: string): boolean;
  read(path: string): string;
}

export interface LoadResult {
  documents: LangiumDocument[];
  diagnostics: FileDiagnostic[];
  model: Model;
}

const SEVERITIES: Record<number, Severity> = { 1: 'error', 2: 'warning', 3: 'info', 4: 'hint' };

export function toFileDiagnostic(uri: URI, d: Diagnostic): FileDiagnostic {
  const code = d.code !== undefined ? String(d.code) : ((d.data as { code?: string } | undefined)?.code ?? 'archscale');
  return {
    file: uri.scheme === 'file' ? uri.fsPath : uri.toString(),
    uri: uri.toString(),
    line: d.range.start.line + 1,
    column: d.range.start.character + 1,
    endLine: d.range.end.line + 1,
    endColumn: d.range.end.character + 1,
    severity: SEVERITIES[d.severity ?? 1] ?? 'error',
    code,
    message: typeof d.message === 'string' ? d.message : d.message.value,
    ...(d.relatedInformation?.length
      ? {
          related: d.relatedInformation.map((r) => {
            const u = URI.parse(r.location.uri);
            return {
              file: u.scheme === 'file' ? u.fsPath : u.toString(),
              line: r.location.range.start.line + 1,
              column: r.location.range.start.character + 1,
              message: r.message,
            };
          }),
        }
      : {}),
  };
}

export class ArchscaleWorkspace {
  readonly shared: LangiumSharedCoreServices;
  readonly services: ArchscaleServices;

  constructor(private readonly fs: FileSystemLike) {
    // Langium's own file system provider is not used: documents are created from text here.
    const { shared, Archscale } = createArchscaleCoreServices({
      fileSystemProvider: () =>
        ({
          readFile: async (uri: URI) => fs.read(uri.fsPath),
          readFileSync: (uri: URI) => fs.read(uri.fsPath),
          readDirectory: async () => [],
          stat: async (uri: URI) => ({ uri, isFile: true, isDirectory: false }),
          statSync: (uri: URI) => ({ uri, isFile: true, isDirectory: false }),
          exists: async (uri: URI) => fs.exists(uri.fsPath),
          existsSync: (uri: URI) => fs.exists(uri.fsPath),
          readBinary: async () => new Uint8Array(),
          readBinarySync: () => new Uint8Array(),
        }) as never,
    });
    this.shared = shared;
    this.services = Archscale;
  }

  /** Adds a document from text (replacing one at the same URI). */
  addText(uri: URI, text: string): LangiumDocument {
    const docs = this.shared.workspace.LangiumDocuments;
    if (docs.hasDocument(uri)) docs.deleteDocument(uri);
    const doc = this.shared.workspace.LangiumDocumentFactory.fromString(text, uri);
    docs.addDocument(doc);
    return doc;
  }

  /** Adds files and, transitively, every file they import that exists. */
  addFiles(paths: readonly string[]): LangiumDocument[] {
    const queue = paths.map((p) => URI.file(p));
    const added: LangiumDocument[] = [];
    const seen = new Set<string>();
    while (queue.length > 0) {
      const uri = queue.shift()!;
      const key = uri.toString();
      if (seen.has(key)) continue;
      seen.add(key);
      if (!this.fs.exists(uri.fsPath)) continue;
      const doc = this.addText(uri, this.fs.read(uri.fsPath));
      added.push(doc);
      for (const imp of (doc.parseResult.value as Document).imports ?? []) {
        if (imp.path) queue.push(resolveImport(uri, imp.path));
      }
    }
    return added;
  }

  /** Parses, links and validates every document added so far. */
  async build(): Promise<LoadResult> {
    const documents = this.shared.workspace.LangiumDocuments.all.toArray();
    await this.shared.workspace.DocumentBuilder.build(documents, { validation: true });
    const diagnostics: FileDiagnostic[] = [];
    for (const doc of documents) for (const d of doc.diagnostics ?? []) diagnostics.push(toFileDiagnostic(doc.uri, d));
    diagnostics.sort((a, b) => a.file.localeCompare(b.file) || a.line - b.line || a.column - b.column);
    return { documents, diagnostics, model: buildModel(documents) };
  }
}

/** In-memory file system, for tests and the bench. */
export function memoryFs(files: Record<string, string>): FileSystemLike {
  return {
    exists: (p) => Object.prototype.hasOwnProperty.call(files, p),
    read: (p) => {
      const t = files[p];
      if (t === undefined) throw new Error(`no such file: ${p}`);
      return t;
    },
  };
}

/** Parses one or more in-memory files (path -> text) and builds them. */
export async function loadTexts(files: Record<string, string>): Promise<LoadResult> {
  const ws = new ArchscaleWorkspace(memoryFs(files));
  ws.addFiles(Object.keys(files));
  return ws.build();
}
