import { render, screen } from '@testing-library/react';
import { isLowering, labelsWithin, parseTlp, TLP, TLP_LEVELS, TlpBadge } from './TlpBadge';

describe('TlpBadge', () => {
  it.each([
    ['CLEAR', 'TLP:CLEAR', 'tlp-clear'],
    ['GREEN', 'TLP:GREEN', 'tlp-green'],
    ['AMBER', 'TLP:AMBER', 'tlp-amber'],
    ['AMBER+STRICT', 'TLP:AMBER+STRICT', 'tlp-amber-strict'],
    ['RED', 'TLP:RED', 'tlp-red'],
  ])('shows %s as the words %s, not colour alone', (label, text, className) => {
    render(<TlpBadge label={label} />);
    const badge = screen.getByText(text);
    expect(badge.classList.contains('tlp')).toBe(true);
    expect(badge.classList.contains(className)).toBe(true);
    expect(badge.getAttribute('title')).toBe(TLP[parseTlp(label)!].sharing);
  });

  it("uses FIRST's TLP 2.0 colours", () => {
    expect(TLP.RED.colour).toBe('#FF2B2B');
    expect(TLP.AMBER.colour).toBe('#FFC000');
    expect(TLP['AMBER+STRICT'].colour).toBe('#FFC000');
    expect(TLP.GREEN.colour).toBe('#33FF00');
    expect(TLP.CLEAR.colour).toBe('#FFFFFF');
  });

  it('says who can see a document when asked: RED only the named people', () => {
    render(<TlpBadge label="TLP:RED" showAudience />);
    expect(screen.getByText('Visible to: Only the uploader and the people it names.')).toBeTruthy();
  });

  it('says who can see AMBER+STRICT: the uploader’s organisation and named ones', () => {
    render(<TlpBadge label="TLP:AMBER+STRICT" showAudience />);
    expect(screen.getByText(/uploader’s organisation and of the organisations it names/)).toBeTruthy();
  });

  it('flags an unknown label in words instead of guessing or showing nothing', () => {
    render(<TlpBadge label="TLP:PURPLE" />);
    const badge = screen.getByText('TLP: unknown label');
    expect(badge.getAttribute('title')).toMatch(/Treat it as TLP:RED/);
  });
});

describe('TLP rules', () => {
  it('parses the ways labels are written', () => {
    expect(parseTlp('TLP:AMBER+STRICT')).toBe('AMBER+STRICT');
    expect(parseTlp('amber+strict')).toBe('AMBER+STRICT');
    expect(parseTlp('AMBER_STRICT')).toBe('AMBER+STRICT');
    expect(parseTlp(' tlp:red ')).toBe('RED');
    expect(parseTlp('TLP:WHITE')).toBe('CLEAR');
    expect(parseTlp('STRICT')).toBeNull();
    expect(parseTlp('')).toBeNull();
    expect(parseTlp(undefined)).toBeNull();
  });

  it('orders labels from CLEAR to RED', () => {
    expect(TLP_LEVELS).toEqual(['CLEAR', 'GREEN', 'AMBER', 'AMBER+STRICT', 'RED']);
    expect(isLowering('RED', 'AMBER')).toBe(true);
    expect(isLowering('AMBER', 'AMBER+STRICT')).toBe(false);
    expect(isLowering('GREEN', 'GREEN')).toBe(false);
  });

  it('offers only labels up to the workspace ceiling', () => {
    expect(labelsWithin('AMBER')).toEqual(['CLEAR', 'GREEN', 'AMBER']);
    expect(labelsWithin('RED')).toHaveLength(5);
  });
});
