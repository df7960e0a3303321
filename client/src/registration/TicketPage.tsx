import { Container } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useParams } from 'react-router';
import { fetchMyTicket, myTicketPdfUrl } from '../api/registration.ts';
import { ErrorAlert } from '../components/ErrorAlert.tsx';
import { PageLoader } from '../components/PageLoader.tsx';
import { TicketView } from './TicketView.tsx';

export default function TicketPage() {
  const id = Number(useParams().id);
  const ticket = useQuery({ queryKey: ['registration', 'ticket', id], queryFn: () => fetchMyTicket(id) });
  if (ticket.isPending) return <PageLoader />;
  if (ticket.isError) return <ErrorAlert error={ticket.error} />;
  return (
    <Container size="md" py="lg">
      <TicketView ticket={ticket.data} pdfUrl={myTicketPdfUrl(id)} />
    </Container>
  );
}
