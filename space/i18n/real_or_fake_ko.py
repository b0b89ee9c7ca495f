"""'진짜일까 가짜일까?' 탭(한국어). real_or_fake_en.py와 키가 같습니다."""

STATIC = {
    "rof_tab": "진짜일까 가짜일까?",
    "rof_intro": (
        "### 판별자가 되어 보세요\n"
        "GAN은 두 모델의 시합입니다. 판별자 D는 진짜 이미지와 생성된 이미지를 가려내고, 생성자 G는 D를 "
        "속이는 법을 배웁니다. 여기서는 **여러분이** D입니다. 한 판에 이미지 8장이 나오는데, 일부는 진짜 "
        "테스트 이미지(GAN이 학습 중에 한 번도 보지 못한 이미지)이고 나머지는 G가 그린 것입니다. "
        "**이미지나 그 아래 버튼을 눌러** 진짜인지 가짜인지 표시한 다음 정답을 확인하세요. 학습을 마친 D가 "
        "같은 8장을 얼마나 맞혔는지도 함께 보여 줍니다."),
    "rof_how": (
        "*생성자 수준*으로 G를 고릅니다. 첫 에포크만 학습한 G, 중간 단계의 G(요청받은 클래스를 처음으로 "
        "절반 이상 맞게 그려 낸 에포크의 G), 학습을 끝까지 마친 G 중 하나입니다. 판 번호를 정하면 판이 "
        "정해집니다. 번호가 같으면 이미지도 같고, 수준만 바꾸면 진짜 이미지는 그대로 두고 가짜만 같은 "
        "노이즈에서 더 약하거나 더 강한 G가 다시 그립니다."),
    "rof_play": "이 판 시작",
    "rof_new_round": "새 판",
    "rof_check": "정답 확인",
    "rof_raw": "/real_or_fake_answer 원본 결과 (API 클라이언트가 받는 값)",
}

SAY = {
    "rof_strength": "생성자 수준",
    "rof_early": "초기: {epochs}에포크 중 {epoch}에포크 학습",
    "rof_middle": "중간: {epochs}에포크 중 {epoch}에포크 학습",
    "rof_trained": "학습 완료: {epochs}에포크 중 {epoch}에포크 학습",
    "rof_seed": "판 번호(시드)",
    "rof_real": "진짜",
    "rof_fake": "가짜",
    "rof_no_round": "먼저 판을 시작하세요.",
    "rof_unmarked_error": "모든 이미지를 진짜나 가짜로 표시해 주세요(눌러서 표시). 아직 표시하지 않은 이미지: {places}번.",
    "rof_score": "**여러분은 8장 중 {yours}장, 학습을 마친 판별자는 8장 중 {ds}장**을 맞혔습니다(같은 이미지).",
    "rof_tally": "지금까지 {rounds}판: 여러분은 이미지의 {yours:.0%}를, D는 같은 이미지의 {ds:.0%}를 맞혔습니다.",
    "rof_record": ("**이 수준은 얼마나 어려울까요?** {rounds}판(판 번호 {first}~{last})에서 학습을 마친 판별자의 "
                   "정답률은 **{d:.0%}**, 진짜 이미지는 {real:.0%}를 진짜로 보았고 가짜는 {fake:.0%}를 잡아냈습니다. "
                   "아무렇게나 찍어도 50%는 맞힙니다."),
    "rof_record_beat": "이 수준에서 D는 한 판에 평균 8장 중 {per_round:.1f}장을 맞힙니다. D를 이겨 보세요!",
    "rof_col_index": "#", "rof_col_truth": "정답", "rof_col_you": "여러분", "rof_col_p_real": "D: P(진짜)",
    "rof_col_d_says": "D의 판정", "rof_col_classifier": "분류기가 본 클래스", "rof_col_made_by": "출처",
    "rof_made_real": "테스트 이미지 #{index}",
    "rof_made_fake": "G가 그림 (요청: {name})",
    # Fashion-MNIST's classes (real_or_fake_en.py takes the English names from the registry)
    "class_T-shirt/top": "티셔츠/탑", "class_Trouser": "바지", "class_Pullover": "풀오버",
    "class_Dress": "드레스", "class_Coat": "코트", "class_Sandal": "샌들", "class_Shirt": "셔츠",
    "class_Sneaker": "운동화", "class_Bag": "가방", "class_Ankle boot": "앵클부츠",
}
