import { isMap, isScalar, isSeq, type Scalar } from 'yaml';
import type { ParseContext } from '../formats/format';
import type { ProvisioningDocument } from '../model';
import { scalarText } from '../text/yaml-scalar';
import { asOneHost, embedUserData, kindByContentType, kindByHeader } from './user-data-parts';
import { findPair, parseYamlSource, scalarString, yamlProblems } from './yaml-nodes';

/**
 * `#cloud-config-archive`: a YAML list of parts (`type`, `content`), each handled by cloud-init as
 * its type says (or, without one, as its first line says); every range lands in this file.
 */
export function parseCloudConfigArchive(text: string, ctx: ParseContext): ProvisioningDocument {
  const parsed = parseYamlSource(text);
  const received: ProvisioningDocument[] = [];
  const items = isSeq(parsed.contents) ? parsed.contents.items : [];
  items.forEach((item, index) => {
    if (!isMap(item)) return;
    const content = findPair(item, 'content')?.value;
    if (!isScalar(content) || typeof content.value !== 'string') return;
    const body = scalarText(content as Scalar, text);
    const kind = kindByContentType(scalarString(findPair(item, 'type')?.value)) ?? kindByHeader(body.text);
    const part = kind && embedUserData(ctx, body, kind, `archive part ${index + 1}`);
    if (part) received.push(part);
  });
  const host = asOneHost(received);
  return { format: 'cloud-config-archive', text, steps: [], problems: yamlProblems(parsed, 'cloud-init'), parts: host ? [host] : [] };
}
