import { parseMail } from '@protontech/jsmimeparser';
import type { ParseContext } from '../formats/format';
import type { ProvisioningDocument } from '../model';
import { MappedText } from '../text/mapped-text';
import { asOneHost, embedUserData, kindByContentType, kindByHeader } from './user-data-parts';

/**
 * MIME multipart user-data (what `cloud-init devel make-mime` and Terraform's `cloudinit_config`
 * render): each part handled as its Content-Type says, all parts judged as the one instance they
 * reach. A part written as it is (7bit) keeps its ranges in this file; an encoded one (base64) is
 * reported on the whole file.
 */
export function parseMimeMultipart(text: string, ctx: ParseContext): ProvisioningDocument {
  let message;
  try {
    message = parseMail(text);
  } catch (error) {
    return { format: 'mime-multipart', text, steps: [], problems: [{ message: `MIME: ${(error as Error).message}`, span: { start: 0, end: 0 } }] };
  }
  const received: ProvisioningDocument[] = [];
  let searchFrom = 0;
  message.attachments.forEach((attachment, index) => {
    const content = new TextDecoder().decode(attachment.content);
    const kind = kindByContentType(attachment.contentType) ?? kindByHeader(content);
    if (!kind) return;
    const at = text.indexOf(content, searchFrom);
    if (at >= 0) searchFrom = at + content.length;
    const mapped = at >= 0 ? MappedText.contiguous(content, at) : MappedText.opaque(content, { start: 0, end: text.length });
    const part = embedUserData(ctx, mapped, kind, `MIME part ${index + 1}${attachment.fileName ? ` (${attachment.fileName})` : ''}`);
    if (part) received.push(part);
  });
  const host = asOneHost(received);
  return { format: 'mime-multipart', text, steps: [], problems: [], parts: host ? [host] : [] };
}

/** A MIME message whose top-level Content-Type is multipart, by its first header lines. */
export function isMimeMultipart(text: string): boolean {
  const head = text.slice(0, 1024);
  return /^content-type:\s*multipart\//im.test(head) && /^(content-type|mime-version):/i.test(head.trimStart());
}
