import type { HostContext } from './host-context';
import type { MappedText } from './text/mapped-text';

/**
 * The provisioning model: what a file does to a host, independent of the format it is written in.
 * Every adapter produces a ProvisioningDocument; every rule reads only this.
 */

/** A half-open range of UTF-16 offsets into the original document text. */
export interface Span {
  start: number;
  end: number;
}

export type Phase =
  | 'first-boot' // cloud-init runcmd, user-data scripts: once per instance
  | 'every-boot' // cloud-init bootcmd, rc.local
  | 'if-up' // ifupdown hooks: each time an interface comes up, but not when networkd restarts
  | 'file' // content of a written file that is not itself executed
  | 'build' // Dockerfile RUN
  | 'image-build' // Packer provisioners, and playbooks only Packer runs: once, on the machine the image is made from
  | 'converge' // Ansible task
  | 'handler'; // Ansible handler

export interface Word {
  value: string;
  span: Span;
}

export interface SimpleCommand {
  /** Program after unwrapping `sudo`, `env`, `nohup`, `exec` …, by basename (`/usr/bin/ip` → `ip`). */
  program: string;
  /** The program as written, when written as a path (`/usr/local/bin/add-routes.sh`, `./routes.sh`). */
  programPath?: string;
  programSpan: Span;
  args: Word[];
  /** Whole command, as written. */
  span: Span;
  /** `NAME=value` assignments written before the program. */
  assignments: Word[];
  /** Members of the pipeline this command is in (itself included), in order; absent when alone. */
  pipeline?: SimpleCommand[];
  /** Commands inside `$(…)`, `` `…` `` or `<(…)` in this command's arguments. */
  nested: SimpleCommand[];
  /** The text a `-c` argument executes, parsed, when the program is a shell. */
  inner: SimpleCommand[];
  /** Part of a `while`/`until` condition: run again until the loop ends (a retry loop). */
  loopCondition?: true;
  /** Files its standard output is redirected into (`> /etc/x`, `>> /etc/x`). */
  writesTo?: OutputRedirect[];
  /** The here-document it reads on standard input (`<<EOF … EOF`), mapped to the source. */
  heredoc?: MappedText;
}

/** A redirect of a command's standard output into a file. */
export interface OutputRedirect {
  target: Word;
  append: boolean;
}

interface StepBase {
  phase: Phase;
  span: Span;
  /** Execution order within the document: lower runs earlier. */
  order: number;
  /** Where the step came from, for messages: `runcmd[2]`, `write_files[0] /etc/rc.local`. */
  origin: string;
  /** The whole statement (list item, task) the step belongs to, for fixes that move or delete it. */
  statement?: Span;
  /** The Ansible task the step comes from. */
  task?: TaskInfo;
  /** The Ansible play the step runs in (absent in task files: the play is not known there). */
  play?: PlayScope;
  /** The Dockerfile stage the step builds. */
  stage?: StageScope;
  /** When it runs, when something other than its phase decides (a systemd unit, a script another step runs). */
  lifecycle?: Lifecycle;
  /** What runs the script or unit the step is in, and where that was installed. */
  runBy?: RelatedPlace[];
}

/** When a command runs, and which later events run it again (so what they undo is put back). */
export interface Lifecycle {
  /** For messages, after "runs": `at every boot (static-routes.service, WantedBy=multi-user.target)`. */
  runs: string;
  /** It runs again when systemd-networkd restarts (a unit restarted with it). */
  rerunsOnNetworkdRestart?: boolean;
  /** It runs again when networkd reconfigures a link (a dispatcher hook). */
  rerunsOnLinkReconfigure?: boolean;
  /** It runs again on a schedule (a timer): what an event removes comes back only then. */
  rerunsOnSchedule?: boolean;
  /** Why a mechanism that looks like it re-runs does not, for messages. */
  caveat?: string;
}

/** Another place that is part of a hazard (what runs a script, where it was installed); `file` is set when it is in another file. */
export interface RelatedPlace {
  span: Span;
  message: string;
  file?: string;
}

/** A Dockerfile build stage. */
export interface StageScope {
  index: number;
  name?: string;
  /** The stage this one is built `FROM`, when it is an earlier stage rather than an image. */
  parent?: StageScope;
  isFinal: boolean;
  /** Whether the final image contains this stage's layers (the final stage and the stages it is built on). */
  shipped: boolean;
  /** Whether a later stage copies files out of this one (`COPY --from`). */
  copiedFrom: boolean;
}

/** An Ansible task, as far as rules care. */
export interface TaskInfo {
  name?: string;
  /** Module name as written and normalised (`ansible.builtin.apt` → `apt`). */
  module: string;
  moduleSpan: Span;
  span: Span;
  notify: string[];
  /** Handler names and `listen` topics, when the task is a handler. */
  listen: string[];
  throttle?: string;
  when?: string;
  /** `run_once` or `delegate_to`: it runs on one host, not on each host of its play. */
  oneHost?: true;
  /** Another file the task's steps are found in (a role's tasks), when not the document itself. */
  file?: string;
}

/** An Ansible play: who it targets and how it rolls out. */
export interface PlayScope {
  hosts: string;
  hostsSpan: Span;
  /** The `hosts: …` pair, where play-level findings are reported. */
  hostsPairSpan: Span;
  span: Span;
  /** `serial` as written; for a list, its first batch (which decides whether the first batch is everything). */
  serial?: string;
  maxFailPercentage?: string;
  anyErrorsFatal?: boolean;
  throttle?: string;
  strategy?: string;
  /** The play's `connection` plugin as written (`local`, `docker`, `community.docker.docker`, …). */
  connection?: string;
  /** Only an image build (Packer) runs the play: its hosts are a build machine, not a fleet. */
  imageBuild?: boolean;
  /** The inventory beside the playbook when it holds only the controller or containers (test scaffolding). */
  localInventory?: string;
  /** The Vagrantfile that provisions the playbook's hosts (a lab VM, not a fleet). */
  vagrant?: string;
  /** The play asks the operator before it runs (`vars_prompt`, a `pause` with a `prompt`). */
  asksToConfirm?: boolean;
  roles: { name: string; span: Span }[];
  /** Steps the play runs from other files (its roles, imported and included task files), read from the workspace. */
  roleSteps: Step[];
  /** Column of the play's keys, for fixes that insert play keywords. */
  indent: string;
}

export interface CommandStep extends StepBase {
  kind: 'command';
  commands: SimpleCommand[];
  /** All simple commands including those nested in substitutions and `sh -c`. */
  flat: SimpleCommand[];
}

export type FileKind =
  | 'apt-conf'
  | 'dnf-automatic-conf'
  | 'needrestart-conf'
  | 'networkd-conf'
  | 'networkd-network'
  | 'netplan'
  | 'boot-script'
  | 'instance-script'
  | 'if-up-script'
  | 'ifupdown-interfaces'
  | 'crontab'
  | 'dispatcher-script'
  | 'script'
  | 'systemd-unit'
  | 'other';

export interface ConfigEntry {
  section?: string;
  key: string;
  value: string;
  span: Span;
  valueSpan: Span;
}

export interface FileWriteStep extends StepBase {
  kind: 'file';
  path: string;
  pathSpan: Span;
  fileKind: FileKind;
  /** Decoded content, when it could be read (undefined for unknown encodings). */
  content?: string;
  /** The decoded content with where each character came from, for findings inside it. */
  contentText?: MappedText;
  /** Where the content is written: spans inside encoded content map to this whole range. */
  contentSpan?: Span;
  /** True when every offset in `content` maps back to an exact source position. */
  contentExact: boolean;
  mode?: string;
  append: boolean;
  entries: ConfigEntry[];
  /** Where the content is downloaded from (`get_url`, `unarchive` of a URL), when it is not written here. */
  source?: string;
  /** The steps of a written script, in phase `file` until something runs it. */
  script?: Step[];
  /** The repository file installed at `path` (Ansible `copy`/`template` `src`), absolute; read in its own right when `content` is not read here. */
  installedFrom?: string;
  /** The shell command that writes it (`tee`, a redirect, `sed -i`), when a command does. */
  command?: SimpleCommand;
}

/** `hold`: kept at its installed version (`apt-mark hold`, dpkg selections, versionlock). */
export type PackageAction = 'install' | 'remove' | 'upgrade-all' | 'update-index' | 'hold';

export interface PackageRef {
  name: string;
  version?: string;
  span: Span;
}

export interface PackageStep extends StepBase {
  kind: 'package';
  manager: string;
  action: PackageAction;
  packages: PackageRef[];
  /** Installs the newest version (`state: latest`), an upgrade of the named packages. */
  latest?: boolean;
}

export type ServiceAction = 'start' | 'stop' | 'restart' | 'reload' | 'enable' | 'disable' | 'mask' | 'unmask';

export interface ServiceStep extends StepBase {
  kind: 'service';
  unit: string;
  action: ServiceAction;
}

export interface SettingStep extends StepBase {
  kind: 'setting';
  key: string;
  value: unknown;
  keySpan: Span;
  valueSpan: Span;
}

export interface DebconfStep extends StepBase {
  kind: 'debconf';
  owner: string;
  question: string;
  type: string;
  value: string;
  valueSpan: Span;
}

export interface EnvironmentStep extends StepBase {
  kind: 'environment';
  name: string;
  value: string;
  valueSpan: Span;
}

/** `change-rule`: any other rule added, removed or reset (it changes what running services receive). */
export type FirewallAction = 'enable' | 'default-deny' | 'allow-ssh' | 'change-rule';

/** A Dockerfile `FROM`: the image a stage starts from. */
export interface ImageStep extends StepBase {
  kind: 'image';
  /** The reference as written, and after `ARG` defaults are substituted. */
  written: string;
  resolved: string;
  /** Undefined when an `ARG` without a default leaves the reference unknown. */
  repository?: string;
  tag?: string;
  digest?: string;
  /** `scratch`, or an earlier stage's name. */
  notAnImage: boolean;
  /** Where the tag is written, when it is written literally (for fixes that replace it). */
  tagSpan?: Span;
}

/** COPY/ADD into an image layer. */
export interface CopyStep extends StepBase {
  kind: 'copy';
  instruction: 'COPY' | 'ADD';
  sources: Word[];
  destination?: Word;
  /** `--from=<stage|image>`: files come from elsewhere, not the build context. */
  from?: string;
  checksum?: string;
}

export interface RebootStep extends StepBase {
  kind: 'reboot';
}

export interface FirewallStep extends StepBase {
  kind: 'firewall';
  tool: string;
  action: FirewallAction;
}

export type Step = CommandStep | FileWriteStep | PackageStep | ServiceStep | SettingStep | DebconfStep | EnvironmentStep | FirewallStep | RebootStep | ImageStep | CopyStep;

export interface ParseProblem {
  message: string;
  span: Span;
}

/** `# noqa: rule-id` and similar: findings of these rules starting inside `span` are not reported. */
export interface Suppression {
  span: Span;
  ruleIds: string[];
}

export interface ProvisioningDocument {
  /** The id of the format plug-in that read it (`cloud-init`, `ansible`, `dockerfile`, …). */
  format: string;
  /** The text every span refers to. */
  text: string;
  steps: Step[];
  problems: ParseProblem[];
  plays?: PlayScope[];
  stages?: StageScope[];
  suppressions?: Suppression[];
  /**
   * For a task file: the steps it runs from other files (imported task files, roles), each with
   * `task.file`; read on first call, since few rules need them.
   */
  imported?: () => Step[];
  /**
   * Documents embedded in this one that describe a host of their own (a cloud-config in a heredoc):
   * linted on their own, with spans in this document's text.
   */
  parts?: ProvisioningDocument[];
  /** What the document names that was not followed (a collection role, a templated include): said, not a parse error. */
  notices?: ParseProblem[];
  /** Files this document hands to a system that reads them as `readAs` says (Terraform's `templatefile(…)` user-data). */
  handsOver?: HandedFile[];
  /** Paths on the host this document runs as scripts but does not write itself: another file may install them there. */
  runsPaths?: PathRun[];
  /** What the document's place and steps say about the host it provisions (see `host-context.ts`). */
  context?: HostContext;
}

/** A path on the host run as a script (`ExecStart=/usr/local/bin/add-routes.sh`), and when. */
export interface PathRun {
  path: string;
  phase: Phase;
  lifecycle: Lifecycle;
  span: Span;
  /** What runs it, after "this script is run by": `static-routes.service ExecStart`. */
  note: string;
}

/** How another file says a file is read: a play runs it, or Terraform gives it to instances as user-data. */
export type ReadAs =
  | {
      format: 'ansible';
      /** Only an image build (Packer) runs it. */
      imageBuild?: boolean;
      /** Every play that runs it rolls out in batches (`serial`). */
      batched?: boolean;
    }
  | { format: 'image-build-script' }
  | {
      /** A repository file another installs on the host at `path` without reading it (Ansible `copy: src:`): read as what that path holds. */
      format: 'installed';
      path: string;
    }
  | {
      /** A script something runs on the host (a unit's `ExecStart`, an Ansible `script` task). */
      format: 'script';
      phase: Phase;
      lifecycle: Lifecycle;
    }
  | {
      format: 'user-data';
      everyBoot: boolean;
      template?: 'terraform';
      /** The format the hand-over declares (a `cloudinit_config` part's `content_type`), whatever the first line says. */
      declared?: 'cloud-init' | 'user-data-script';
    };

export interface HandedFile {
  /** Absolute path of the file handed over. */
  file: string;
  readAs: ReadAs;
  /** Where it is named (`templatefile("${path.module}/init.tftpl", …)`). */
  span: Span;
  /** What happens to it, after "this file" (`is given to instances as aws_instance.web.user_data`). */
  note: string;
}
