import { describe, expect, it } from 'vitest';
import { evidenceProblem, fileSizeText } from './evidence-checks.js';

const MB = 1024 * 1024;

describe('evidence pre-checks', () => {
  it('accepts images and PDFs up to 10 MB while fewer than 9 are there', () => {
    expect(evidenceProblem({ name: 'a.png', type: 'image/png', size: 10 * MB }, 8)).toBeNull();
    expect(evidenceProblem({ name: 'b.pdf', type: 'application/pdf', size: 1 }, 0)).toBeNull();
    // No MIME type from the system: judged by the name.
    expect(evidenceProblem({ name: 'c.JPG', type: '', size: 1 }, 0)).toBeNull();
  });

  it('names the first problem: type, then size, then count', () => {
    expect(evidenceProblem({ name: 'a.docx', type: 'application/msword', size: 1 }, 0)).toBe(
      'type',
    );
    expect(evidenceProblem({ name: 'a.exe', type: '', size: 1 }, 0)).toBe('type');
    expect(evidenceProblem({ name: 'a.png', type: 'image/png', size: 10 * MB + 1 }, 0)).toBe(
      'size',
    );
    expect(evidenceProblem({ name: 'a.png', type: 'image/png', size: 1 }, 9)).toBe('count');
  });

  it('reads sizes the way people do', () => {
    expect(fileSizeText(12)).toBe('12 B');
    expect(fileSizeText(380 * 1024)).toBe('380 KB');
    expect(fileSizeText(2.4 * MB)).toBe('2.4 MB');
  });
});
