import { extname } from 'node:path';
import { fileTypeFromBuffer } from 'file-type';
import { ErrorCode, MATERIAL_FILE_TYPES, type MaterialFileType } from '@amphi/contracts';
import { DomainError, ValidationFailed } from '../common/domain-errors';

export interface SniffedMaterial {
  contentType: MaterialFileType;
  extension: string;
}

/**
 * What an uploaded file is, read from its bytes (never from its name or the declared Content-Type),
 * if it is one of the types an event or a talk may offer; 415 FILE_TYPE_NOT_ACCEPTED otherwise.
 * The whole file is looked at: slides and documents are zip archives whose type is written in an
 * entry that may come after the first kilobytes.
 */
export async function sniffMaterial(bytes: Buffer): Promise<SniffedMaterial> {
  if (bytes.length === 0) throw ValidationFailed.rule('file', 'file_empty');
  const type = await fileTypeFromBuffer(bytes);
  const contentType = type?.mime as MaterialFileType | undefined;
  if (!contentType || !Object.hasOwn(MATERIAL_FILE_TYPES, contentType))
    throw new DomainError(415, ErrorCode.FileTypeNotAccepted, { detectedType: type ? type.mime : null });
  return { contentType, extension: MATERIAL_FILE_TYPES[contentType] };
}

/**
 * The name a file is offered under: the uploader's, without what would break a Content-Disposition
 * header, and with the extension of what it really is ("poster.png" that is a PDF becomes "poster.pdf").
 */
export function materialFileName(originalName: string, extension: string): string {
  const clean = originalName.replace(/[\r\n"\\/]/g, '').trim().slice(0, 200);
  const current = extname(clean);
  const stem = current ? clean.slice(0, -current.length) : clean;
  const sameType = current.slice(1).toLowerCase() === extension || (extension === 'jpg' && current.toLowerCase() === '.jpeg');
  return sameType ? clean : `${stem || 'file'}.${extension}`;
}
