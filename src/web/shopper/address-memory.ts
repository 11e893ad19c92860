// The last delivery address used on this device, to prefill the next checkout.
export interface AddressDraft {
  name: string;
  phone: string;
  address: string;
}

const KEY = 'btp_last_address';

export function loadAddress(userId: number): Partial<AddressDraft> {
  try {
    const raw = localStorage.getItem(`${KEY}_${userId}`);
    return raw ? (JSON.parse(raw) as Partial<AddressDraft>) : {};
  } catch {
    return {};
  }
}

export function saveAddress(userId: number, a: AddressDraft): void {
  try {
    localStorage.setItem(`${KEY}_${userId}`, JSON.stringify(a));
  } catch {
    // Storage full or disabled: prefill is a convenience only.
  }
}
