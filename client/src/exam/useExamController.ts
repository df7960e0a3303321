import { useEffect, useRef, useState } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { useNavigate } from 'react-router';
import { setSignedInUser } from '../hooks/setSignedInUser.ts';
import { browserNetwork, ExamController, type ExamSnapshot } from './examController.ts';
import { createExamSocket } from './socket.ts';

/** One socket and controller per mounted exam page; torn down when the page unmounts. */
export function useExamController(sittingPartId: number, instructionsConfirmed = false) {
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  // Held in a ref so a new navigate identity does not reconnect the exam.
  const onUnauthenticated = useRef(() => {});
  onUnauthenticated.current = () => {
    setSignedInUser(queryClient, null);
    void navigate('/', { replace: true });
  };

  const [state, setState] = useState<{ controller: ExamController; snapshot: ExamSnapshot } | null>(null);

  useEffect(() => {
    const controller = new ExamController({
      sittingPartId,
      socket: createExamSocket(),
      onUnauthenticated: () => onUnauthenticated.current(),
      instructionsConfirmed,
      network: browserNetwork(),
    });
    const unsubscribe = controller.subscribe(() => setState({ controller, snapshot: controller.getSnapshot() }));
    setState({ controller, snapshot: controller.getSnapshot() });
    controller.start();
    return () => {
      unsubscribe();
      controller.dispose();
    };
    // instructionsConfirmed only matters for the first start; it never changes while mounted.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [sittingPartId]);

  return state;
}
