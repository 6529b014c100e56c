import { parseDockerfile } from '../parse/dockerfile/adapter';
import type { FormatPlugin } from './format';
import { baseName } from './names';

/** `Dockerfile`, `Containerfile`, `Dockerfile.*`, `*.Dockerfile`, `*-Dockerfile`, `*.containerfile`. */
export function isDockerfileName(fileName: string): boolean {
  return /^(dockerfile|containerfile)(\..+)?$|[.-]dockerfile$|\.containerfile$/i.test(baseName(fileName));
}

export const dockerfileFormat: FormatPlugin = {
  id: 'dockerfile',
  recognise: (file) => (file.languageId === 'dockerfile' || isDockerfileName(file.relativePath) ? { format: 'dockerfile' } : undefined),
  mayHold: isDockerfileName,
  parse: (source) => parseDockerfile(source.text),
  headerLine: /^#\s*[a-z]+\s*=/i,
  pragmaAboveStatement: true,
};
