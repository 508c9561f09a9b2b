// Refresh when the bot changed what this person sees (it works after its ack: a modal opens, a
// message arrives). A modal being typed into is not refreshed unless the modal itself changed.
(function () {
  const body = document.body;
  let typing = false;
  document.addEventListener("input", (event) => {
    if (event.target.closest(".modal")) typing = true;
  });
  async function look() {
    try {
      const answer = await fetch("/sandbox/fingerprint?" + body.dataset.query);
      const seen = await answer.json();
      if (seen.modal !== body.dataset.modal || (seen.page !== body.dataset.page && !typing)) {
        location.reload();
        return;
      }
    } catch (error) { /* the sandbox is restarting: look again later */ }
    setTimeout(look, 800);
  }
  setTimeout(look, 800);
  const composer = document.querySelector(".composer input");
  if (composer && !document.querySelector(".modal")) composer.focus();
})();
