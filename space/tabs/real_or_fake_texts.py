"""Every word the Real or fake? tab shows, one dict per language with the same keys (a test checks).

Kept apart from the tab's layout so the lesson's language switch can take them over as they are.
`{...}` fields are filled by space/tabs/real_or_fake.py.
"""
from __future__ import annotations

EN = {
    "tab": "Real or fake?",
    "intro": (
        "### Be the discriminator\n"
        "A GAN is a contest: the discriminator D tells real images from generated ones, the generator G "
        "learns to fool it. Here **you** play D. Each round shows 8 images: some are real test images "
        "(the GAN never saw them), the others were drawn by G. **Tap an image or the button under it** to "
        "mark it real or fake, then check your answers. You see how the trained D did on the same 8 images."),
    "how": (
        "The *generator strength* picks G: as it was after its first epoch of training, halfway (the first "
        "epoch at which it drew the class it was asked for at least half the time), or fully trained. "
        "The round number fixes the round: the same number shows the same images, and at another strength "
        "the same real images with fakes drawn from the same noise by a weaker or stronger G."),
    "strength": "Generator strength",
    "early": "early: after epoch {epoch} of {epochs}",
    "middle": "halfway: after epoch {epoch} of {epochs}",
    "trained": "trained: epoch {epoch} of {epochs}",
    "seed": "Round number (seed)",
    "play": "Play this round",
    "new_round": "New round",
    "unmarked": "?",
    "real": "real",
    "fake": "fake",
    "check": "Check my answers",
    "no_round": "Play a round first.",
    "unmarked_error": "Mark every image real or fake first (tap it): image {places} not marked yet.",
    "score": "**You: {yours} of 8 right. The trained discriminator: {ds} of 8** on the same images.",
    "tally": "Your rounds this visit: {rounds}, you right on {yours:.0%} of the images, D on {ds:.0%} of the same images.",
    "record": ("**How hard is this level?** Over {rounds} rounds (round numbers {first} to {last}), the trained "
               "discriminator was right on **{d:.0%}** of the images: it called {real:.0%} of the real ones real "
               "and caught {fake:.0%} of the fakes. Guessing at random is right on 50%."),
    "record_beat": "D averages {per_round:.1f} of 8 per round at this level: can you beat it?",
    "columns": ["#", "truth", "you", "D: P(real)", "D says", "classifier sees", "made by"],
    "made_real": "test image #{index}",
    "made_fake": "G, asked for {name}",
    "right": "right",
    "wrong": "wrong",
    "raw": "Raw /real_or_fake_answer result (what API clients receive)",
}

KO = {
    "tab": "진짜일까 가짜일까?",
    "intro": (
        "### 판별자가 되어 보세요\n"
        "GAN은 시합입니다. 판별자 D는 진짜 이미지와 생성된 이미지를 가려내고, 생성자 G는 D를 속이도록 "
        "배웁니다. 여기서는 **여러분이** D입니다. 한 판에 이미지 8장이 나옵니다. 일부는 진짜 테스트 "
        "이미지(GAN이 한 번도 보지 못한 것)이고, 나머지는 G가 그린 것입니다. **이미지나 그 아래 버튼을 "
        "눌러** 진짜인지 가짜인지 표시한 뒤 답을 확인하세요. 같은 8장에서 학습을 마친 D가 얼마나 맞혔는지도 "
        "함께 보여 줍니다."),
    "how": (
        "*생성자 수준*은 G를 고릅니다. 첫 에포크만 학습한 G, 중간 단계의 G(요청받은 클래스를 처음으로 절반 "
        "이상 그려 낸 에포크), 학습을 마친 G입니다. 판 번호가 판을 정합니다. 같은 번호는 같은 이미지를 "
        "보여 주고, 수준을 바꾸면 진짜 이미지는 그대로이고 가짜는 같은 노이즈에서 더 약하거나 더 강한 G가 "
        "그린 것으로 바뀝니다."),
    "strength": "생성자 수준",
    "early": "초기: {epochs} 에포크 중 {epoch} 에포크 후",
    "middle": "중간: {epochs} 에포크 중 {epoch} 에포크 후",
    "trained": "학습 완료: {epochs} 에포크 중 {epoch} 에포크",
    "seed": "판 번호(시드)",
    "play": "이 판 하기",
    "new_round": "새 판",
    "unmarked": "?",
    "real": "진짜",
    "fake": "가짜",
    "check": "답 확인",
    "no_round": "먼저 한 판을 시작하세요.",
    "unmarked_error": "먼저 모든 이미지를 진짜나 가짜로 표시하세요(눌러서 표시). 아직 표시하지 않은 이미지: {places}.",
    "score": "**여러분: 8장 중 {yours}장 정답. 학습을 마친 판별자: 8장 중 {ds}장 정답** (같은 이미지).",
    "tally": "이번 방문에서 한 판: {rounds}판. 여러분은 이미지의 {yours:.0%}, D는 같은 이미지의 {ds:.0%}를 맞혔습니다.",
    "record": ("**이 수준은 얼마나 어려울까요?** {rounds}판(판 번호 {first}~{last})에서 학습을 마친 판별자는 "
               "이미지의 **{d:.0%}**를 맞혔습니다. 진짜 이미지의 {real:.0%}를 진짜라고 했고, 가짜의 {fake:.0%}를 "
               "잡아냈습니다. 무작위로 찍으면 50%를 맞힙니다."),
    "record_beat": "이 수준에서 D는 한 판에 평균 8장 중 {per_round:.1f}장을 맞힙니다. 이길 수 있을까요?",
    "columns": ["#", "정답", "여러분", "D: P(진짜)", "D의 판정", "분류기가 본 클래스", "만든 곳"],
    "made_real": "테스트 이미지 #{index}",
    "made_fake": "G, 요청한 클래스 {name}",
    "right": "정답",
    "wrong": "오답",
    "raw": "/real_or_fake_answer 원본 결과 (API 클라이언트가 받는 값)",
}

TEXTS = {"en": EN, "ko": KO}
