"""What the digest says about its coaching focus: why the step matters, a question for the team.

Written in the product's own words after the five articles the playbook comes from.
"""

from __future__ import annotations

from commands.playbook import PlaybookStep

WHY_IT_MATTERS: dict[str, str] = {
    PlaybookStep.ACKNOWLEDGE: (
        "Naming the anger in the first seconds tells the customer they are heard, and "
        "lowers the temperature at once."),
    PlaybookStep.LET_VENT: (
        "Every interruption restarts the story; letting them get it all out is the fastest way"
        " to the real problem."),
    PlaybookStep.SHOW_CONCERN: (
        "A customer who feels their problem is taken seriously stops fighting to be believed."),
    PlaybookStep.EMPATHIZE: (
        "Saying we understand why it is frustrating proves we listened, and most customers "
        "soften right there."),
    PlaybookStep.STAY_CALM: (
        "Calm is contagious: a steady voice keeps the conversation about the problem, not"
        " about us."),
    PlaybookStep.DONT_ARGUE: (
        "The anger is about the situation, not about us; arguing back only gives it a new"
        " target."),
    PlaybookStep.APOLOGIZE: (
        "A sincere apology that blames no one costs nothing and opens the door to a solution."),
    PlaybookStep.DIRECT_QUESTIONS: (
        "The first complaint is rarely the real problem; short, direct questions pin down the "
        "facts we can act on."),
    PlaybookStep.RESTATE_CHECK: (
        "Saying the problem back and asking \"do I have that right?\" catches a misunderstanding"
        " before we promise the wrong fix."),
    PlaybookStep.PAUSE_CALL_BACK: (
        "When a call is going nowhere, a pause and a call back at a set time helps more than"
        " ten more minutes of heat."),
    PlaybookStep.PROPOSE_SOLUTION: (
        "A specific offer, the quickest relief we can give, turns a complaint into a plan."),
    PlaybookStep.TAKE_OWNERSHIP: (
        "Saying \"I will see to it\" is different from saying sorry: the customer needs a name"
        " behind the next step."),
    PlaybookStep.AGREE_SCHEDULE: (
        "A date the customer agreed to is a promise we can keep; a vague 'soon' is one we"
        " break."),
    PlaybookStep.THANK_LAST_WORD: (
        "Thanking them for raising it, and letting them close the call, leaves them with the "
        "feeling they were heard."),
}

QUESTIONS: dict[str, str] = {
    PlaybookStep.ACKNOWLEDGE: "What would you say in the first ten seconds of a call like this?",
    PlaybookStep.LET_VENT: (
        "When did you last want to interrupt an angry customer, and what did you do instead?"),
    PlaybookStep.SHOW_CONCERN: "How do you show a customer you take their problem seriously?",
    PlaybookStep.EMPATHIZE: "What sentence shows you understand, without sounding scripted?",
    PlaybookStep.STAY_CALM: "What helps you stay calm when a customer gets personal?",
    PlaybookStep.DONT_ARGUE: "When were you tempted to correct an angry customer, and why?",
    PlaybookStep.APOLOGIZE: "How do we apologize without blaming a colleague or another team?",
    PlaybookStep.DIRECT_QUESTIONS: "Which question would have found the real problem sooner?",
    PlaybookStep.RESTATE_CHECK: "How would you say this customer's problem back in one sentence?",
    PlaybookStep.PAUSE_CALL_BACK: "How do you tell that a call needs a pause and a call back?",
    PlaybookStep.PROPOSE_SOLUTION: "What quick relief could we offer in a case like this?",
    PlaybookStep.TAKE_OWNERSHIP: "Who says \"I will handle it\" on our calls, and who should?",
    PlaybookStep.AGREE_SCHEDULE: "How do we pick a follow-up date we are sure to keep?",
    PlaybookStep.THANK_LAST_WORD: "How do you end a hard call so the customer closes it?",
}
DEFAULT_QUESTION = "Which of this week's lessons should change how we work?"
OWN_STEP_WHY = "It is one of the steps this team chose for itself."


def why_it_matters(step_id: str) -> str:
    return WHY_IT_MATTERS.get(step_id, OWN_STEP_WHY)


def question_for(step_id: str | None) -> str:
    return QUESTIONS.get(step_id or "", DEFAULT_QUESTION)
