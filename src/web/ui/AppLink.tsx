// A react-router link styled like an antd button, so it has a real href and a link role.
import { Button } from 'antd';
import type { ButtonProps } from 'antd';
import { useNavigate } from 'react-router';

export function LinkButton({
  to,
  ...props
}: Omit<ButtonProps, 'href' | 'onClick'> & { to: string }) {
  const navigate = useNavigate();
  return (
    <Button
      {...props}
      href={to}
      onClick={(e) => {
        if (e.metaKey || e.ctrlKey || e.shiftKey || e.button !== 0) return;
        e.preventDefault();
        void navigate(to);
      }}
    />
  );
}
