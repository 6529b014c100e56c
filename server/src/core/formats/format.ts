import type { ReadFile } from '../file-cache';
import type { HostContext } from '../host-context';
import type { Lifecycle, Phase, ProvisioningDocument, ReadAs, RelatedPlace, Span } from '../model';
import type { MappedText } from '../text/mapped-text';

/** What recognition may look at: never the absolute path, so where a checkout lives changes nothing. */
export interface FileView {
  /** The path relative to the project root (workspace folder, scan root), with `/` separators. */
  relativePath: string;
  text: string;
  /** The editor's language id (`ansible`, `dockerfile`). */
  languageId?: string;
  /** The user said this file is Ansible (`--ansible`, `hindsight.ansible.files`). */
  declaredAnsible?: boolean;
  /** What another file says this one is (a play runs it; Terraform hands it to instances as user-data). */
  readAs?: ReadAs;
}

/** A recognised file: its format, and what the format's parser needs to know beyond the text. */
export interface Recognition {
  format: string;
  /** Why the file is this format, for `--list-files` (`its #cloud-config header`). */
  by?: string;
  /** For shell user-data: a boothook runs on every boot, a plain script once per instance. */
  everyBoot?: boolean;
  /** For Ansible: what the file holds, when known from its place or content. */
  ansible?: 'playbook' | 'tasks' | 'handlers';
  /** Only an image build runs it (Packer): its steps are in the image-build phase. */
  imageBuild?: boolean;
  /** What runs a script, for messages (`per-boot script`), when its place says so. */
  origin?: string;
  /** For a file another installs on the host: where (`/etc/systemd/system/routes.service`). */
  installedAt?: string;
  /** For a script something on the host runs (a unit's `ExecStart`): when its commands run. */
  run?: { phase: Phase; lifecycle: Lifecycle };
  /** The text is a template of this language, masked before it is parsed (Terraform's `${…}` and `%{…}`). */
  template?: 'terraform';
  /** What the file's project-relative path and the files that run it say about the host (a test folder, a developer VM, batched plays). */
  context?: HostContext;
}

/** Where an embedded script runs in its host's model (a script written by `write_files`, say). */
export interface EmbedPlacement {
  phase: Phase;
  order: number;
  origin: string;
  span: Span;
  /** Where the embedded file is installed on the host (`/etc/systemd/system/routes.service`). */
  path?: string;
  /** When it runs, when more than its phase says (a cron `@reboot` line). */
  lifecycle?: Lifecycle;
  /** What runs it, when that is not its own phase. */
  runBy?: RelatedPlace[];
}

export interface ParseContext {
  /** The file's absolute path: for reading what it refers to (roles, templates). */
  file: string;
  readFile: ReadFile;
  /**
   * Parses a slice of this file's text as another format, the way ESLint processors lint code
   * blocks: every span of the result is in this file's coordinates.
   */
  embed(format: string, text: MappedText, placement?: EmbedPlacement): ProvisioningDocument | undefined;
}

/**
 * One format Hindsight reads. Registered in `registry.ts`; nothing else in the engine, the server
 * or the CLI knows formats by name.
 */
export interface FormatPlugin {
  id: string;
  /** By content first, then by the project-relative name; undefined when the file is not this format. */
  recognise(file: FileView): Recognition | undefined;
  /** Whether a directory walk should read a file of this (project-relative) name at all. */
  mayHold(relativePath: string): boolean;
  /**
   * Text → the provisioning model, with spans in the coordinates of `source.text`; slices handed to
   * `ctx.embed` are taken from `source` in the same coordinates. (A plug-in with `mapsSpans` is
   * given an embedded slice as it is and maps its spans through it.)
   */
  parse(source: MappedText, recognition: Recognition, ctx: ParseContext, placement?: EmbedPlacement): ProvisioningDocument;
  /** The parser maps every span through `source` itself (a shell script); otherwise the registry relocates them. */
  mapsSpans?: boolean;
  /**
   * Its documents hand other files over to be read a certain way (Terraform's user-data files,
   * Packer's scripts and playbooks): a scan reads files of this (project-relative) name first.
   */
  handsOver?(relativePath: string): boolean;
  /** Whether a rewritten text still parses: structural quick fixes are offered only then. */
  reparses?(text: string): boolean;
  /** Leading lines that must stay first (headers, parser directives): a file-level pragma goes after them. */
  headerLine?: RegExp;
  /** A line pragma goes above the whole statement (a continued Dockerfile instruction), not the flagged line. */
  pragmaAboveStatement?: boolean;
}
