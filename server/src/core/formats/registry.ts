import type { ReadFile } from '../file-cache';
import type { ProvisioningDocument } from '../model';
import { MappedText } from '../text/mapped-text';
import { ansibleFormat } from './ansible';
import { cloudConfigFormat } from './cloud-config';
import { cloudConfigArchiveFormat } from './cloud-config-archive';
import { mimeMultipartFormat } from './mime-multipart';
import { cloudFormationFormat } from './cloudformation';
import { dockerfileFormat } from './dockerfile';
import { installedFileFormat } from './installed-file';
import type { EmbedPlacement, FileView, FormatPlugin, ParseContext, Recognition } from './format';
import { isTemplateName } from './names';
import { relocateDocument } from './relocate';
import { packerFormat } from './packer';
import { systemdUnitFormat } from './systemd-unit';
import { terraformFormat } from './terraform';
import { maskTerraformTemplate } from '../parse/hcl';
import { followScriptRuns } from '../parse/script-runs';
import { userDataScriptFormat } from './user-data-script';
import { contextFromPath, contextFromReaders, inferDocumentContext, type HostContext } from '../host-context';

/** The formats Hindsight reads, in the order they are asked to recognise a file (the first answer wins). */
export const FORMATS: readonly FormatPlugin[] = [
  installedFileFormat,
  dockerfileFormat,
  ansibleFormat,
  mimeMultipartFormat,
  cloudConfigFormat,
  cloudConfigArchiveFormat,
  userDataScriptFormat,
  systemdUnitFormat,
  terraformFormat,
  cloudFormationFormat,
  packerFormat,
];

function isTerraformTemplate(file: FileView): boolean {
  return (file.readAs?.format === 'user-data' && file.readAs.template === 'terraform') || isTemplateName(file.relativePath);
}

/** A template as its first lines render: directive lines (`%{ if … ~}`) before the header render to nothing. */
function renderedHead(text: string): string {
  return maskTerraformTemplate(text).replace(/^(?:[ \t]*\r?\n)+/, '');
}

/** A set of format plug-ins: which one a file is, and its text parsed into the model. */
export class Formats {
  private readonly byId: ReadonlyMap<string, FormatPlugin>;

  constructor(readonly plugins: readonly FormatPlugin[] = FORMATS) {
    this.byId = new Map(plugins.map((plugin) => [plugin.id, plugin]));
  }

  get(id: string): FormatPlugin | undefined {
    return this.byId.get(id);
  }

  /** What a file is; a template (by name, or as handed over) is recognised by its rendered head and parsed masked. */
  recognise(file: FileView): Recognition | undefined {
    const template = isTerraformTemplate(file);
    const view = template ? { ...file, text: renderedHead(file.text) } : file;
    for (const plugin of this.plugins) {
      const recognition = plugin.recognise(view);
      if (!recognition) continue;
      const context = { ...contextFromPath(file.relativePath), ...contextFromReaders(file.readAs) };
      return { ...recognition, ...(template ? { template: 'terraform' as const } : {}), ...(Object.keys(context).length > 0 ? { context } : {}) };
    }
    return undefined;
  }

  /** Whether a file may hand others over (by its name alone): a scan reads it first. */
  mayHandOver(relativePath: string): boolean {
    return this.plugins.some((plugin) => plugin.handsOver?.(relativePath));
  }

  /** Whether a directory walk should read a file: some format may hold it (by its name alone). */
  mayHold(relativePath: string): boolean {
    return this.plugins.some((plugin) => plugin.mayHold(relativePath));
  }

  /**
   * A whole file, parsed as the format that recognised it. A template is parsed with its template
   * syntax masked (same length, so every offset holds); the document keeps the text as written.
   */
  parse(file: string, text: string, recognition: Recognition, readFile: ReadFile): ProvisioningDocument {
    const plugin = this.byId.get(recognition.format);
    if (!plugin) throw new Error(`no format "${recognition.format}"`);
    const source = recognition.template === 'terraform' ? maskTerraformTemplate(text) : text;
    const doc = withContext(followScriptRuns(plugin.parse(MappedText.contiguous(source), recognition, this.context(file, text, readFile))), recognition.context);
    return source === text ? doc : { ...doc, text };
  }

  /**
   * What a plug-in parsing `hostText` may use. An embedded plug-in that maps spans itself (shell)
   * parses the slice as it is; any other parses the slice's own text, embedding in turn in those
   * coordinates, and the result is relocated into the host once.
   */
  private context(file: string, hostText: string, readFile: ReadFile): ParseContext {
    const embed = (format: string, source: MappedText, placement?: EmbedPlacement): ProvisioningDocument | undefined => {
      const plugin = this.byId.get(format);
      if (!plugin) return undefined;
      if (plugin.mapsSpans) return { ...plugin.parse(source, { format }, this.context(file, hostText, readFile), placement), text: hostText };
      const local = MappedText.contiguous(source.text);
      return relocateDocument(plugin.parse(local, { format }, this.context(file, source.text, readFile), placement), source, hostText);
    };
    return { file, readFile, embed };
  }
}

/** A document and the documents embedded in it, each with what its place and its own steps say about its host. */
function withContext(doc: ProvisioningDocument, known: HostContext | undefined): ProvisioningDocument {
  const parts = doc.parts?.map((part) => withContext(part, known));
  return { ...doc, context: inferDocumentContext(doc, known), ...(parts ? { parts } : {}) };
}

/** Which format a file is (by the shipped formats), from its project-relative name, text and hints; without the reason. */
export function detectFormat(relativePath: string, text: string, languageId?: string, declaredAnsible = false): Omit<Recognition, 'by'> | undefined {
  const recognition = new Formats().recognise({ relativePath, text, languageId, declaredAnsible });
  if (!recognition) return undefined;
  const { by: _by, ...rest } = recognition;
  return rest;
}
