// Refresh when the bot changed what this person sees (it works after its ack: a modal opens, a
// message arrives). A modal being typed into is not refreshed unless the modal itself changed.
(function () {
  const body = document.body;
  let typing = false;
  let leaving = false; // a form was sent: its answer is the next page, don't reload over it
  document.addEventListener("submit", () => { leaving = true; });
  document.addEventListener("input", (event) => {
    if (event.target.closest(".modal")) typing = true;
  });
  async function look() {
    if (leaving) return;
    try {
      const answer = await fetch("/sandbox/fingerprint?" + body.dataset.query);
      const seen = await answer.json();
      if (leaving) return;
      if (seen.modal !== body.dataset.modal || (seen.page !== body.dataset.page && !typing)) {
        location.reload();
        return;
      }
    } catch (error) { /* the sandbox is restarting: look again later */ }
    setTimeout(look, 800);
  }
  setTimeout(look, 800);
  // Like a chat client: the latest messages are in view.
  const main = document.querySelector("main");
  if (main) main.scrollTop = main.scrollHeight;
  const composer = document.querySelector(".composer input");
  if (composer && !document.querySelector(".modal")) composer.focus();
})();
